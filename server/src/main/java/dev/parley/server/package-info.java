package dev.parley.server;
