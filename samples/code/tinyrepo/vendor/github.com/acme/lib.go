package acme

// Version of the vendored library.
const Version = "2.1.0"
