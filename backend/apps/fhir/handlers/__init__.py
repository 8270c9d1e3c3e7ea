"""Read and search per resource: the REST selectors give scope, the REST audit services record access."""
