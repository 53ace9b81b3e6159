// History module
