// Interchange module
