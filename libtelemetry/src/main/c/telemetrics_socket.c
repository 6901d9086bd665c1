/*
 * The probe's side of telemprobd's socket, for NativeSocketExchange: connect, write the frame,
 * half-close, read the reply. The JDK's own Unix socket channels cost a short-lived probe
 * 13-16 ms to set up (two native libraries, the method-handle machinery and a SecureRandom it
 * makes for socket names); these few system calls cost well under one.
 *
 * Deadlines use SO_SNDTIMEO and SO_RCVTIMEO on a blocking socket: on Linux they bound connect()
 * to a listener whose backlog is full as well as send() and recv().
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "org_telemetrics_client_NativeSocketExchange.h"

#define TIMED_OUT_CONNECTING org_telemetrics_client_NativeSocketExchange_TIMED_OUT_CONNECTING
#define TIMED_OUT_WRITING org_telemetrics_client_NativeSocketExchange_TIMED_OUT_WRITING
#define TIMED_OUT_AWAITING_REPLY \
  org_telemetrics_client_NativeSocketExchange_TIMED_OUT_AWAITING_REPLY
#define FAILED (-1) /* errno says why */

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Bounds the next blocking call by the time left until deadline: 1, or 0 when none is left, or
 * FAILED. */
static int time_left(int fd, int option, long long deadline) {
  long long left = deadline - now_ms();
  if (left <= 0) {
    return 0;
  }
  struct timeval tv = {.tv_sec = left / 1000, .tv_usec = (left % 1000) * 1000};
  return setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv) == 0 ? 1 : FAILED;
}

/* An IOException with the system's text for err, as the JDK's own socket errors read. */
static void throw_io(JNIEnv *env, int err) {
  char reason[128];
  if (strerror_r(err, reason, sizeof reason) != 0) {
    snprintf(reason, sizeof reason, "error %d", err);
  }
  jclass io = (*env)->FindClass(env, "java/io/IOException");
  if (io != NULL) {
    (*env)->ThrowNew(env, io, reason);
  }
}

static int connect_until(int fd, const struct sockaddr_un *addr, long long deadline) {
  for (;;) {
    int left = time_left(fd, SO_SNDTIMEO, deadline);
    if (left <= 0) {
      return left == 0 ? TIMED_OUT_CONNECTING : FAILED;
    }
    if (connect(fd, (const struct sockaddr *) addr, sizeof *addr) == 0 || errno == EISCONN) {
      return 0;
    }
    if (errno == EAGAIN || errno == EINPROGRESS) {
      return TIMED_OUT_CONNECTING; /* the listener's backlog stayed full */
    }
    if (errno != EINTR) {
      return FAILED;
    }
  }
}

static int send_until(int fd, const jbyte *data, jsize length, long long deadline) {
  jsize sent = 0;
  while (sent < length) {
    int left = time_left(fd, SO_SNDTIMEO, deadline);
    if (left <= 0) {
      return left == 0 ? TIMED_OUT_WRITING : FAILED;
    }
    ssize_t n = send(fd, data + sent, (size_t) (length - sent), MSG_NOSIGNAL);
    if (n >= 0) {
      sent += (jsize) n;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return TIMED_OUT_WRITING;
    } else if (errno != EINTR) {
      return FAILED;
    }
  }
  return 0;
}

/* Reads until end of stream, a newline, a full buffer or the deadline into reply, its length in
 * *got. Returns 0 when the daemon answered or closed (a reset counts as closed: a daemon that
 * did not read everything), TIMED_OUT_AWAITING_REPLY when the deadline passed first (a stopped
 * daemon, or one whose connection slots are all held), or FAILED. */
static int receive_until(int fd, jbyte *reply, jsize capacity, long long deadline, jsize *got) {
  *got = 0;
  while (*got < capacity) {
    int left = time_left(fd, SO_RCVTIMEO, deadline);
    if (left <= 0) {
      return left == 0 ? TIMED_OUT_AWAITING_REPLY : FAILED;
    }
    ssize_t n = recv(fd, reply + *got, (size_t) (capacity - *got), 0);
    if (n > 0) {
      *got += (jsize) n;
      if (reply[*got - 1] == '\n') {
        return 0;
      }
    } else if (n == 0 || errno == ECONNRESET || errno == EPIPE) {
      return 0;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return TIMED_OUT_AWAITING_REPLY;
    } else if (errno != EINTR) {
      return FAILED;
    }
  }
  return 0;
}

/* Connects to the socket named by path, writes frame and half-closes, all before
 * send_timeout_ms: the connected socket (>= 0), TIMED_OUT_CONNECTING or TIMED_OUT_WRITING, or
 * FAILED with an IOException thrown. */
static int open_and_send(JNIEnv *env, jbyteArray path, jbyteArray frame, jint send_timeout_ms) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  jsize path_length = (*env)->GetArrayLength(env, path);
  if (path_length <= 0 || (size_t) path_length >= sizeof addr.sun_path) {
    throw_io(env, ENAMETOOLONG);
    return FAILED;
  }
  (*env)->GetByteArrayRegion(env, path, 0, path_length, (jbyte *) addr.sun_path);
  jsize frame_length = (*env)->GetArrayLength(env, frame);
  jbyte *buffer = malloc((size_t) frame_length + 1);
  if (buffer == NULL) {
    throw_io(env, ENOMEM);
    return FAILED;
  }
  (*env)->GetByteArrayRegion(env, frame, 0, frame_length, buffer);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    free(buffer);
    throw_io(env, err);
    return FAILED;
  }
  long long deadline = now_ms() + send_timeout_ms;
  int status = connect_until(fd, &addr, deadline);
  if (status == 0) {
    status = send_until(fd, buffer, frame_length, deadline);
  }
  int err = errno;
  free(buffer);
  if (status != 0) {
    close(fd);
    if (status == FAILED) {
      throw_io(env, err);
    }
    return status;
  }
  shutdown(fd, SHUT_WR);
  return fd;
}

JNIEXPORT jint JNICALL Java_org_telemetrics_client_NativeSocketExchange_exchange(
    JNIEnv *env, jclass cls, jbyteArray path, jbyteArray frame, jint send_timeout_ms,
    jint ack_timeout_ms, jbyteArray reply) {
  (void) cls;
  int fd = open_and_send(env, path, frame, send_timeout_ms);
  if (fd < 0) {
    return fd == FAILED ? 0 : fd;
  }
  jsize reply_capacity = (*env)->GetArrayLength(env, reply);
  jbyte *buffer = malloc((size_t) reply_capacity + 1);
  if (buffer == NULL) {
    close(fd);
    throw_io(env, ENOMEM);
    return 0;
  }
  int status = 0;
  jsize got = 0;
  if (ack_timeout_ms > 0) {
    status = receive_until(fd, buffer, reply_capacity, now_ms() + ack_timeout_ms, &got);
  }
  int err = errno;
  if (got > 0) {
    (*env)->SetByteArrayRegion(env, reply, 0, got, buffer);
  }
  close(fd);
  free(buffer);
  if (status == FAILED) {
    throw_io(env, err);
    return 0;
  }
  return status != 0 ? status : got;
}

/* ---- many exchanges from one thread (NativeMultiplexer) ------------------------------------ */

/* Connects, sends the frame and half-closes, as the exchange above does, but leaves the reply to
 * poll_replies and receive: returns the socket, or TIMED_OUT_CONNECTING / TIMED_OUT_WRITING. */
JNIEXPORT jint JNICALL Java_org_telemetrics_client_NativeSocketExchange_open(
    JNIEnv *env, jclass cls, jbyteArray path, jbyteArray frame, jint send_timeout_ms) {
  (void) cls;
  int fd = open_and_send(env, path, frame, send_timeout_ms);
  return fd == FAILED ? 0 : fd;
}

#define MAX_POLLED org_telemetrics_client_NativeSocketExchange_MAX_POLLED

/* Waits at most timeout_ms for a reply (or the end) on any of the first count sockets of fds;
 * sets ready[i] to 1 for each that has one. Returns how many have. */
JNIEXPORT jint JNICALL Java_org_telemetrics_client_NativeSocketExchange_pollReplies(
    JNIEnv *env, jclass cls, jintArray fds, jint count, jint timeout_ms, jbyteArray ready) {
  (void) cls;
  if (count < 0 || count > MAX_POLLED) {
    throw_io(env, EINVAL);
    return 0;
  }
  struct pollfd polled[count > 0 ? count : 1];
  jint *raw = (*env)->GetIntArrayElements(env, fds, NULL);
  if (raw == NULL) {
    return 0;
  }
  for (jint i = 0; i < count; i++) {
    polled[i].fd = raw[i];
    polled[i].events = POLLIN;
    polled[i].revents = 0;
  }
  (*env)->ReleaseIntArrayElements(env, fds, raw, JNI_ABORT);
  int n = poll(polled, (nfds_t) count, timeout_ms);
  if (n < 0) {
    if (errno == EINTR) {
      return 0;
    }
    throw_io(env, errno);
    return 0;
  }
  jbyte flags[count > 0 ? count : 1];
  for (jint i = 0; i < count; i++) {
    flags[i] = polled[i].revents != 0 ? 1 : 0;
  }
  (*env)->SetByteArrayRegion(env, ready, 0, count, flags);
  return n;
}

/* Reads what has come without waiting into reply from offset: the number of bytes, 0 at the end
 * of the stream or a reset (a daemon that did not read everything), or TIMED_OUT_AWAITING_REPLY
 * when nothing has come yet. */
JNIEXPORT jint JNICALL Java_org_telemetrics_client_NativeSocketExchange_receive(
    JNIEnv *env, jclass cls, jint fd, jbyteArray reply, jint offset) {
  (void) cls;
  jsize capacity = (*env)->GetArrayLength(env, reply);
  if (offset < 0 || offset >= capacity) {
    return 0;
  }
  jbyte buffer[capacity - offset];
  for (;;) {
    ssize_t n = recv(fd, buffer, (size_t) (capacity - offset), MSG_DONTWAIT);
    if (n > 0) {
      (*env)->SetByteArrayRegion(env, reply, offset, (jsize) n, buffer);
      return (jint) n;
    }
    if (n == 0 || errno == ECONNRESET || errno == EPIPE) {
      return 0;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return TIMED_OUT_AWAITING_REPLY;
    }
    if (errno != EINTR) {
      throw_io(env, errno);
      return 0;
    }
  }
}

JNIEXPORT void JNICALL Java_org_telemetrics_client_NativeSocketExchange_close(
    JNIEnv *env, jclass cls, jint fd) {
  (void) env;
  (void) cls;
  close(fd);
}
