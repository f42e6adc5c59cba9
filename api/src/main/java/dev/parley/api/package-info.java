package dev.parley.api;
