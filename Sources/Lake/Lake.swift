// Lake module
