-- The public upload check finds an issued letter by the SHA-256 of the PDF a reader holds.
CREATE INDEX letters_by_pdf_sha256 ON letters (pdf_sha256);
