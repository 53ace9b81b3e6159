// Launchers of the loopback servers the remote tests use (written with the S3 transport).
