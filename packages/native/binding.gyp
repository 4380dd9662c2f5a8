{
  "targets": [
    {
      "target_name": "switchboard_native",
      "sources": ["src/addon/addon.cc", "src/addon/readiness-loop.cc", "src/addon/send-all.cc", "src/addon/send-each.cc",
                  "src/addon/uring-sender.cc"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS!='linux'", {"type": "none", "sources": []}]]
    }
  ]
}
