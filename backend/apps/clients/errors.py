NOT_FOUND = "not_found"
UNKNOWN_SCOPE = "unknown_scope"
UNKNOWN_PERSON = "unknown_person"
CLIENT_REVOKED = "client_revoked"
