"""Live runs: a design played in its own worker process and streamed over a websocket.

`worker` is the child process (Django-free: the fork server preloads it with the engine);
`runner` starts, reads and kills workers from the event loop; `consumers` speak the websocket
protocol; `services` reach the database; `limits` caps how many runs may play at once.
Keep this file free of imports: the fork server imports the package to reach `worker`.
"""
