"""A stand-in for the national population database, for tests and the demo: a real HTTPS
server that requires a client certificate, verifies each request's signature and answers
the protocol of connectors/signed_https/PROTOCOL.md from a JSON file of people."""
