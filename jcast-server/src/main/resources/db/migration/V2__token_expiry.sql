-- Tokens handed out by a password login expire; named tokens made for scripts do not (NULL).
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
