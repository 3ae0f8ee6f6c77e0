import { describe, expect, it } from 'vitest';
import { createDumpReader } from './dump-reader';

const script = [
  'DROP TABLE IF EXISTS `media`;',
  'CREATE TABLE `media` (',
  '  `id` bigint NOT NULL,',
  ') ENGINE=InnoDB;',
  'CREATE TABLE `empty_one` (',
  ') ENGINE=InnoDB;',
  "INSERT INTO `media` (`id`, `caption`, `storage_key`, `bytes`) VALUES (1,'it\\'s ),( here\\nand \\\\ there','originals/1/ab/ab.jpg',12),",
  "(2,NULL,'originals/1/cd/cd.png',0x00FF),",
  "(3,'','originals/1/ef/ef.gif',7);",
  "INSERT INTO `media` (`id`, `caption`, `storage_key`, `bytes`) VALUES (4,'(',  'originals/2/aa/aa.webp',  1);",
  "INSERT INTO `other` (`id`, `note`) VALUES (1,'x'),(2,'y;'),(3,'z');",
];

describe('dump reader', () => {
  it('counts every table and keeps the asked columns, strings and NULLs read exactly', () => {
    const reader = createDumpReader({ media: ['storage_key', 'caption', 'bytes'] });
    for (const line of script) reader.line(line);
    expect(reader.facts.rowCounts).toEqual({ media: 4, empty_one: 0, other: 3 });
    expect(reader.facts.rows.media).toEqual([
      { storage_key: 'originals/1/ab/ab.jpg', caption: "it's ),( here\nand \\ there", bytes: '12' },
      { storage_key: 'originals/1/cd/cd.png', caption: null, bytes: '0x00FF' },
      { storage_key: 'originals/1/ef/ef.gif', caption: '', bytes: '7' },
      { storage_key: 'originals/2/aa/aa.webp', caption: '(', bytes: '1' },
    ]);
  });

  it('fails loudly when a kept column is not in the dump', () => {
    const reader = createDumpReader({ other: ['storage_key'] });
    expect(() => reader.line(script.at(-1) ?? '')).toThrow('The dump of other has no column storage_key');
  });
});
