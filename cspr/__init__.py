"""The shell: the `cspr` command, the web app, the scheduler and the offline demo.

The top layer. It wires the domain (`aggregator`) and publishing (`feeds`) together for people and
processes; nothing below imports it.
"""
