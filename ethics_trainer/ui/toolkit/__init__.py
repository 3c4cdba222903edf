"""The UI's one executor (:mod:`.tasks`) and the one way errors reach a person (:mod:`.errors`)."""
