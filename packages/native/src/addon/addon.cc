// The N-API surface of the readiness loop: small functions over connection ids, nothing per event.
#include <node_api.h>
#include <uv.h>

#include <cstring>
#include <string>
#include <vector>

#include "readiness-loop.h"
#include "send-each.h"
#include "uring-sender.h"

namespace switchboard {

namespace {

ReadinessLoop* LoopOf(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<ReadinessLoop*>(data);
}

napi_value Number(napi_env env, double value) {
  napi_value result;
  napi_create_double(env, value, &result);
  return result;
}

// A system error as Node shapes it: message "<syscall> <CODE>", .code and .errno.
napi_value ThrowErrno(napi_env env, int err, const char* syscall) {
  const char* code = uv_err_name(-err);
  std::string message = std::string(syscall) + " " + code + ": " + uv_strerror(-err);
  napi_value codeValue, messageValue, error;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue);
  napi_create_string_utf8(env, message.c_str(), NAPI_AUTO_LENGTH, &messageValue);
  napi_create_error(env, codeValue, messageValue, &error);
  napi_set_named_property(env, error, "code", codeValue);
  napi_set_named_property(env, error, "errno", Number(env, -err));
  napi_set_named_property(env, error, "syscall", [&] {
    napi_value value;
    napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &value);
    return value;
  }());
  napi_throw(env, error);
  return nullptr;
}

template <size_t N>
bool Args(napi_env env, napi_callback_info info, napi_value (&argv)[N]) {
  size_t argc = N;
  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok;
}

uint32_t U32(napi_env env, napi_value value) {
  uint32_t result = 0;
  napi_get_value_uint32(env, value, &result);
  return result;
}

ReadinessLoop* Require(napi_env env) {
  ReadinessLoop* loop = LoopOf(env);
  if (loop == nullptr) napi_throw_error(env, "ERR_NOT_STARTED", "start(onBatch) first");
  return loop;
}

// start(onBatch): one loop per environment.
napi_value Start(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Args(env, info, argv);
  if (LoopOf(env) != nullptr) return nullptr;
  auto* loop = new ReadinessLoop(env, argv[0]);
  // Sockets and the poll handle go in an async cleanup hook, while the environment's loop can still
  // close handles (a worker that terminates); the instance data's finalizer only frees the memory.
  napi_add_async_cleanup_hook(
      env, [](napi_async_cleanup_hook_handle done, void* data) { static_cast<ReadinessLoop*>(data)->Teardown(done); },
      loop, nullptr);
  napi_set_instance_data(
      env, loop, [](napi_env, void* data, void*) { delete static_cast<ReadinessLoop*>(data); }, nullptr);
  return nullptr;
}

// listen(host, port, backlog, noDelay, keepAliveMs, reusePort) → [listenerId, port]
napi_value Listen(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  char host[64] = "";
  size_t length = 0;
  napi_get_value_string_utf8(env, argv[0], host, sizeof host, &length);
  bool noDelay = true;
  napi_get_value_bool(env, argv[3], &noDelay);
  bool reusePort = false;
  napi_get_value_bool(env, argv[5], &reusePort);
  int port = 0;
  int64_t id = loop->Listen(host, static_cast<int>(U32(env, argv[1])), static_cast<int>(U32(env, argv[2])), noDelay,
                            U32(env, argv[4]), reusePort, &port);
  if (id < 0) return ThrowErrno(env, static_cast<int>(-id), "listen");
  napi_value result;
  napi_create_array_with_length(env, 2, &result);
  napi_set_element(env, result, 0, Number(env, static_cast<double>(id)));
  napi_set_element(env, result, 1, Number(env, port));
  return result;
}

// send(id, chunks: Uint8Array[]) → bytes sent (0: would block) or -errno. One sendmsg for all chunks.
napi_value Send(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  uint32_t count = 0;
  napi_get_array_length(env, argv[1], &count);
  std::vector<iovec> chunks;
  chunks.reserve(count);
  for (uint32_t i = 0; i < count && i < 1024; i++) {
    napi_value chunk;
    napi_get_element(env, argv[1], i, &chunk);
    void* data = nullptr;
    size_t length = 0;
    napi_typedarray_type type;
    napi_value arrayBuffer;
    size_t offset = 0;
    if (napi_get_typedarray_info(env, chunk, &type, &length, &data, &arrayBuffer, &offset) != napi_ok) {
      napi_throw_type_error(env, nullptr, "send: chunks must be Uint8Arrays");
      return nullptr;
    }
    chunks.push_back({data, length});
  }
  return Number(env, loop->Send(U32(env, argv[0]), chunks));
}

// The iovec of a Uint8Array (or any typed array); false if `value` is none.
bool ChunkOf(napi_env env, napi_value value, iovec* chunk) {
  napi_typedarray_type type;
  napi_value arrayBuffer;
  size_t length = 0, offset = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, &arrayBuffer, &offset) != napi_ok) return false;
  size_t size = type == napi_uint32_array || type == napi_int32_array || type == napi_float32_array ? 4
                : type == napi_uint16_array || type == napi_int16_array                              ? 2
                : type == napi_float64_array || type == napi_bigint64_array || type == napi_biguint64_array ? 8
                                                                                                           : 1;
  *chunk = {data, length * size};
  return true;
}

// sendAll(ops: Uint32Array, length, chunks: Uint8Array[]) → undefined, or a Uint32Array of what the
// kernel did not take (readiness-loop.h, SendAll). The turn's writes in one call, one sendmsg per connection.
napi_value SendAll(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  iovec program;
  uint32_t length = U32(env, argv[1]);
  uint32_t count = 0;
  if (!ChunkOf(env, argv[0], &program) || napi_get_array_length(env, argv[2], &count) != napi_ok) {
    napi_throw_type_error(env, nullptr, "sendAll: (Uint32Array, length, Uint8Array[])");
    return nullptr;
  }
  if (length > program.iov_len / sizeof(uint32_t)) length = static_cast<uint32_t>(program.iov_len / sizeof(uint32_t));
  static thread_local std::vector<iovec> chunks;
  static thread_local std::vector<uint32_t> unsent;
  chunks.resize(count);
  unsent.clear();
  for (uint32_t i = 0; i < count; i++) {
    napi_value chunk;
    napi_get_element(env, argv[2], i, &chunk);
    if (!ChunkOf(env, chunk, &chunks[i])) {
      napi_throw_type_error(env, nullptr, "sendAll: chunks must be typed arrays");
      return nullptr;
    }
  }
  loop->SendAll(static_cast<const uint32_t*>(program.iov_base), length, chunks, unsent);
  if (unsent.empty()) return nullptr;
  napi_value arrayBuffer, result;
  void* data = nullptr;
  napi_create_arraybuffer(env, unsent.size() * sizeof(uint32_t), &data, &arrayBuffer);
  std::memcpy(data, unsent.data(), unsent.size() * sizeof(uint32_t));
  napi_create_typedarray(env, napi_uint32_array, unsent.size(), arrayBuffer, 0, &result);
  return result;
}

// sendEach(data: Uint8Array, fds: Int32Array, count, sent: Int32Array): one non-blocking send of
// `data` to each descriptor, sent[i] = bytes taken or -errno. For sockets node:net owns: no loop needed.
napi_value SendEachFd(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  Args(env, info, argv);
  iovec data, fds, sent;
  if (!ChunkOf(env, argv[0], &data) || !ChunkOf(env, argv[1], &fds) || !ChunkOf(env, argv[3], &sent)) {
    napi_throw_type_error(env, nullptr, "sendEach: (Uint8Array, Int32Array, count, Int32Array)");
    return nullptr;
  }
  size_t count = U32(env, argv[2]);
  if (count > fds.iov_len / sizeof(int32_t)) count = fds.iov_len / sizeof(int32_t);
  if (count > sent.iov_len / sizeof(int32_t)) count = sent.iov_len / sizeof(int32_t);
  SendEach(data.iov_base, data.iov_len, static_cast<const int32_t*>(fds.iov_base), static_cast<uint32_t>(count),
           static_cast<int32_t*>(sent.iov_base));
  return nullptr;
}

// sendBatching() → "io_uring" when sendEach / sendAll batch their sends, else "off: <why>".
napi_value SendBatching(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_string_utf8(env, UringSenderState(), NAPI_AUTO_LENGTH, &result);
  return result;
}

// countWrites(table: Float64Array): the loop adds the bytes it sends to table[fd]. The table is kept
// (a reference) so its memory stays put.
napi_value CountWrites(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  iovec table;
  if (!ChunkOf(env, argv[0], &table)) {
    napi_throw_type_error(env, nullptr, "countWrites: a Float64Array");
    return nullptr;
  }
  napi_ref keep;
  napi_create_reference(env, argv[0], 1, &keep);
  loop->CountWrites(static_cast<double*>(table.iov_base), table.iov_len / sizeof(double));
  return nullptr;
}

// Calls that take an id and answer 0 or -errno.
template <int (ReadinessLoop::*Method)(uint32_t)>
napi_value ById(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  return Number(env, (loop->*Method)(U32(env, argv[0])));
}

// setInterest(id, read, write) → 0 or -errno
napi_value SetInterest(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  Args(env, info, argv);
  ReadinessLoop* loop = Require(env);
  if (loop == nullptr) return nullptr;
  bool read = false, write = false;
  napi_get_value_bool(env, argv[1], &read);
  napi_get_value_bool(env, argv[2], &write);
  return Number(env, loop->SetInterest(U32(env, argv[0]), read, write));
}

// openSockets() → listeners and connections the loop holds (for leak checks).
napi_value OpenSockets(napi_env env, napi_callback_info) {
  ReadinessLoop* loop = LoopOf(env);
  return Number(env, loop == nullptr ? 0 : loop->open());
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor methods[] = {
      {"start", nullptr, Start, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"listen", nullptr, Listen, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"send", nullptr, Send, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sendEach", nullptr, SendEachFd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sendBatching", nullptr, SendBatching, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sendAll", nullptr, SendAll, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"countWrites", nullptr, CountWrites, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"shutdown", nullptr, ById<&ReadinessLoop::Shutdown>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"close", nullptr, ById<&ReadinessLoop::Close>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"resumeListener", nullptr, ById<&ReadinessLoop::ResumeListener>, nullptr, nullptr, nullptr, napi_default,
       nullptr},
      {"setInterest", nullptr, SetInterest, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"openSockets", nullptr, OpenSockets, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

}  // namespace switchboard
