// Limits IAM sets on a user's access keys, checked before asking IAM for another key.

/** IAM allows two access keys a user. */
export const MAX_ACCESS_KEYS = 2;
