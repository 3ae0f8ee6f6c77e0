/**
 * Files from the ways a browser hands them over: a drop (files and whole folders, walked with the File and
 * Directory Entries API), the file and folder pickers, and a paste. Each file keeps the folder path it came
 * from, for display; the server only ever sees the file name.
 */

export interface PickedFile {
  file: File;
  /** Folder path inside what was dropped or picked ("shoot-1/raw/a.jpg"), or the bare name. */
  path: string;
}

/** Operating-system clutter that folder walks pick up; never media, so it is left out rather than rejected. */
const systemFileNames = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db', 'icon\r']);

export function isSystemFile(name: string): boolean {
  return name.startsWith('.') || systemFileNames.has(name.toLowerCase());
}

/** True when the drag carries files (not text or a link dragged from the page). */
export function dragHasFiles(dataTransfer: DataTransfer | null): boolean {
  return dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Everything a drop carries, folders walked recursively. The entries are taken synchronously: the browser
 * empties the DataTransfer once the drop handler returns.
 */
export async function filesFromDrop(
  dataTransfer: DataTransfer,
): Promise<{ files: PickedFile[]; skipped: number }> {
  const entries: FileSystemEntry[] = [];
  const plain: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) {
      entries.push(entry);
    } else {
      const file = item.getAsFile();
      if (file) plain.push(file);
    }
  }
  // Browsers without DataTransferItems still list the files.
  if (entries.length === 0 && plain.length === 0) plain.push(...Array.from(dataTransfer.files));

  const files: PickedFile[] = plain.map((file) => ({ file, path: file.name }));
  let skipped = 0;
  for (const entry of entries) {
    if (entry.isFile) {
      // A file dropped on its own is uploaded whatever its name: the user chose it.
      files.push({ file: await fileOf(entry as FileSystemFileEntry), path: entry.name });
      continue;
    }
    const walked = await walkDirectory(entry as FileSystemDirectoryEntry);
    files.push(...walked.files);
    skipped += walked.skipped;
  }
  return { files, skipped };
}

async function walkDirectory(
  directory: FileSystemDirectoryEntry,
): Promise<{ files: PickedFile[]; skipped: number }> {
  const files: PickedFile[] = [];
  let skipped = 0;
  for (const entry of await readAllEntries(directory)) {
    if (isSystemFile(entry.name)) {
      skipped += 1;
      continue;
    }
    if (entry.isDirectory) {
      const inner = await walkDirectory(entry as FileSystemDirectoryEntry);
      files.push(...inner.files);
      skipped += inner.skipped;
    } else if (entry.isFile) {
      files.push({
        file: await fileOf(entry as FileSystemFileEntry),
        path: entry.fullPath.replace(/^\//, ''),
      });
    }
  }
  // Folder order is whatever the file system gives; sort so the queue reads like a listing.
  files.sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }));
  return { files, skipped };
}

/** `readEntries` hands out a directory in batches (100 in Chromium) until it returns an empty one. */
async function readAllEntries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** The files of a file or folder picker (`webkitdirectory` fills `webkitRelativePath`). */
export function filesFromInput(list: FileList | null): { files: PickedFile[]; skipped: number } {
  const files: PickedFile[] = [];
  let skipped = 0;
  for (const file of Array.from(list ?? [])) {
    const path = file.webkitRelativePath || file.name;
    // Clutter only counts inside a picked folder; a file picked by name is what the user asked for.
    if (file.webkitRelativePath && path.split('/').some(isSystemFile)) {
      skipped += 1;
      continue;
    }
    files.push({ file, path });
  }
  return { files, skipped };
}

/**
 * Files pasted from the clipboard. Screenshots arrive as `image.png` every time, so a pasted file whose name
 * says nothing gets a dated one ("Pasted image 2025-05-12 14-03-22.png"); numbered when several come at once.
 */
export function filesFromPaste(clipboard: DataTransfer | null, now = new Date()): PickedFile[] {
  const pasted = Array.from(clipboard?.files ?? []);
  const stamp = pasteStamp(now);
  return pasted.map((file, index) => {
    if (!/^image\.\w+$/i.test(file.name) && file.name !== '') return { file, path: file.name };
    const extension = file.name.split('.').at(-1) || file.type.split('/')[1] || 'png';
    const suffix = pasted.length > 1 ? ` (${index + 1})` : '';
    const name = `Pasted image ${stamp}${suffix}.${extension.toLowerCase()}`;
    return { file: new File([file], name, { type: file.type, lastModified: file.lastModified }), path: name };
  });
}

function pasteStamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}-${two(date.getMinutes())}-${two(date.getSeconds())}`
  );
}

/** True when a key press belongs to a field being typed in, so page shortcuts must leave it alone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
}
