// placeholder replaced by the fuzz entry point
