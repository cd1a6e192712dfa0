"""Local stand-ins for the services repo2s3 talks to."""
