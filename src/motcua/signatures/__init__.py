"""Digital signatures (chữ ký số): PAdES signing of results and receipts with officials'
and agencies' certificates, and public verification of signed files."""
