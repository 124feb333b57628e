"""The baseline for bench/throughput.py: the smallest Flask app, served the same way as the shop."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "¡Hola!"
