"""Population database connectors: the interface (base.py) and one folder per implementation.

Each implementation registers itself in `base.registry` when its module is imported;
PopulationConfig.ready() imports them all.
"""
