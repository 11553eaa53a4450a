"""simengine: a discrete-event simulation of AWS architectures on simpy.

Pure Python. Imports nothing from Django or playground (a test keeps it so). A design document
(format 1) is parsed once at the boundary into frozen dataclasses (`simengine.design`); the
engine runs those.
"""
