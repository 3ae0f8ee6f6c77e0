-- Reverts 0012_public_token_exact (tokens issued since are 22 characters and still fit).
ALTER TABLE `media_public_tokens` MODIFY COLUMN `token` char(43) NOT NULL;
