-- Reverts 0010_storage_key_index.
DROP INDEX `idx_storage_key` ON `model_media_library`;
