// Progress bars of background jobs refresh themselves through htmx; nothing else needs script here.
