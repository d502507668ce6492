"""A Microsoft Teams bot in front of the gateway (docs/teams.md), on the Microsoft 365 Agents SDK.

Nothing is imported here: ``integrations/config.py`` imports :mod:`.config` while ``settings.py`` loads, and
the rest (the SDK, the gateway) must not load with it. The app imports :func:`.route.teams_routes`.
"""
