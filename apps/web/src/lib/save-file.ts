/** Hands text made in the page to the browser as a download named `filename` (no round trip to the api). */
export function saveTextFile(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the click has been handled: the download already holds the data.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
