<?php
// Peer: the classic PHP echo server (socket_select over the listening socket and every client).
// Each read (up to 64 KiB) is written straight back to the client that sent it.
// Bench protocol: prints "port N" once listening; exits when stdin closes (or on SIGTERM).
$master = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($master, SOL_SOCKET, SO_REUSEADDR, 1);
socket_bind($master, '127.0.0.1', 0) or exit(1);
socket_listen($master, 4096);
socket_getsockname($master, $host, $port);
fwrite(STDOUT, "port $port\n");
stream_set_blocking(STDIN, false);
$clients = [];
while (true) {
    $read = array_merge([$master], array_values($clients));
    $write = $except = null;
    // socket_select cannot watch a stream, so stdin is polled between selects (every 100 ms at most).
    $stdin = [STDIN];
    if (stream_select($stdin, $write, $except, 0) > 0 && fgets(STDIN) === false && feof(STDIN)) exit(0);
    if (socket_select($read, $write, $except, 0, 100000) < 1) continue;
    foreach ($read as $sock) {
        if ($sock === $master) {
            $client = socket_accept($master);
            socket_set_option($client, SOL_TCP, TCP_NODELAY, 1);
            $clients[spl_object_id($client)] = $client;
            continue;
        }
        $data = @socket_read($sock, 65536);
        if ($data === false || $data === '') {
            socket_close($sock);
            unset($clients[spl_object_id($sock)]);
            continue;
        }
        // A blocking socket: socket_write returns once every byte is in the kernel's buffer.
        @socket_write($sock, $data);
    }
}
