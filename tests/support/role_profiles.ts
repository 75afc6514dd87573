// The role profiles (chained, withmfa), for the tests that assume them against the emulator.

export const ROLE = "arn:aws:iam::123456789012:role/admin";
export const MFA = "arn:aws:iam::123456789012:mfa/me";

/** The profiles; the base keys are moto's. */
export const ROLE_PROFILES = `[profile base]
aws_access_key_id = AKIABASEPROFILE1
aws_secret_access_key = base-secret

[profile chained]
role_arn = ${ROLE}
source_profile = base
region = us-east-1

[profile withmfa]
role_arn = ${ROLE}
source_profile = base
mfa_serial = ${MFA}
region = us-east-1
`;
