-- Run once, when the postgres volume is created: the Rasa tracker store gets its own
-- database beside the kiosk's (POSTGRES_DB), owned by the same user.
CREATE DATABASE rasa;
