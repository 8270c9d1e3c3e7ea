"""The PostgreSQL database backend of the app: Django's, with a cheaper health check (see `base`)."""
