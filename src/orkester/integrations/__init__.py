"""Chat bots in front of the gateway: the shared bridge (``bridge.py``), their config (``config.py``), and one
package per platform (``slack/``, ``teams/``). Nothing is imported here: ``settings.py`` imports the config."""
