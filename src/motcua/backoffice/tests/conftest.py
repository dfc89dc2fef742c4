from motcua.dossiers.tests.conftest import world  # noqa: F401  (the staffed district, shared with the dossiers app)
