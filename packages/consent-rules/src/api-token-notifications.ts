/**
 * PostgreSQL channel a token change is announced on (payload: the token id), on commit. The pipeline bridge caches
 * token checks for a few seconds and listens here, so a revoked token stops working there at once.
 */
export const API_TOKEN_CHANGED_CHANNEL = "tsunagi_api_token_changed";
