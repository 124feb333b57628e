"""The offline policy's handlers, by what they do: buying (the order), checkout, answers."""
