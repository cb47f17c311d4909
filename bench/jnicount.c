/*
 * JVMTI agent that counts JNI crossings into DJL's PyTorch binding (issue 17: "native calls per step", measured).
 *
 * Every native method of ai.djl.pytorch.jni.PyTorchLibrary is bound through a 26-byte x86-64 trampoline that
 * atomically increments that method's counter and jumps on to the real function. The trampoline touches only rax
 * (not an argument register in the System V ABI, and JNI functions are not variadic), so it works for every
 * signature without knowing it, and it costs one locked increment per call: cheap enough to stay on while timing.
 *
 * Build: gcc -shared -fPIC -O2 -I$JDK/include -I$JDK/include/linux bench/jnicount.c -o build/bench/libjnicount.so
 * Use:   java -agentpath:build/bench/libjnicount.so ...; read the counters with trainbook.bench.NativeCalls (its
 *        natives resolve to the Java_trainbook_bench_NativeCalls_* functions below: HotSpot searches agent
 *        libraries for native methods a class loader's libraries do not have).
 */
#include <jvmti.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_METHODS 1024
#define STUB_SIZE 32

static const char TARGET[] = "Lai/djl/pytorch/jni/PyTorchLibrary;";

static volatile int64_t counts[MAX_METHODS];
static char *names[MAX_METHODS];
static int nmethods;
static unsigned char *arena;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned char *stub(volatile int64_t *counter, void *target) {
    unsigned char *p = arena + (size_t) nmethods * STUB_SIZE;
    unsigned char *q = p;
    uint64_t c = (uint64_t) (uintptr_t) counter, t = (uint64_t) (uintptr_t) target;
    *q++ = 0x48; *q++ = 0xB8; memcpy(q, &c, 8); q += 8;                /* movabs rax, counter */
    *q++ = 0xF0; *q++ = 0x48; *q++ = 0xFF; *q++ = 0x00;                /* lock inc qword [rax] */
    *q++ = 0x48; *q++ = 0xB8; memcpy(q, &t, 8); q += 8;                /* movabs rax, target */
    *q++ = 0xFF; *q++ = 0xE0;                                          /* jmp rax */
    return p;
}

static void JNICALL on_bind(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread, jmethodID method, void *address,
                            void **new_address) {
    jclass cls;
    char *sig = NULL, *name = NULL;
    if ((*jvmti)->GetMethodDeclaringClass(jvmti, method, &cls) != JVMTI_ERROR_NONE) return;
    if ((*jvmti)->GetClassSignature(jvmti, cls, &sig, NULL) != JVMTI_ERROR_NONE) return;
    int match = strcmp(sig, TARGET) == 0;
    (*jvmti)->Deallocate(jvmti, (unsigned char *) sig);
    if (!match || address == NULL) return;
    if ((*jvmti)->GetMethodName(jvmti, method, &name, NULL, NULL) != JVMTI_ERROR_NONE) return;
    pthread_mutex_lock(&lock);
    if (nmethods < MAX_METHODS) {
        names[nmethods] = strdup(name);
        *new_address = stub(&counts[nmethods], address);
        nmethods++;
    }
    pthread_mutex_unlock(&lock);
    (*jvmti)->Deallocate(jvmti, (unsigned char *) name);
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    jvmtiEnv *jvmti;
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2) != JNI_OK) return JNI_ERR;
    arena = mmap(NULL, (size_t) MAX_METHODS * STUB_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (arena == MAP_FAILED) return JNI_ERR;
    jvmtiCapabilities caps;
    memset(&caps, 0, sizeof caps);
    caps.can_generate_native_method_bind_events = 1;
    if ((*jvmti)->AddCapabilities(jvmti, &caps) != JVMTI_ERROR_NONE) return JNI_ERR;
    jvmtiEventCallbacks cb;
    memset(&cb, 0, sizeof cb);
    cb.NativeMethodBind = on_bind;
    if ((*jvmti)->SetEventCallbacks(jvmti, &cb, sizeof cb) != JVMTI_ERROR_NONE) return JNI_ERR;
    if ((*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_NATIVE_METHOD_BIND, NULL)
        != JVMTI_ERROR_NONE) return JNI_ERR;
    return JNI_OK;
}

JNIEXPORT jlong JNICALL Java_trainbook_bench_NativeCalls_total0(JNIEnv *env, jclass cls) {
    int64_t sum = 0;
    for (int i = 0; i < nmethods; i++) sum += counts[i];
    return sum;
}

JNIEXPORT jint JNICALL Java_trainbook_bench_NativeCalls_methods0(JNIEnv *env, jclass cls) {
    return nmethods;
}

JNIEXPORT jlong JNICALL Java_trainbook_bench_NativeCalls_calls0(JNIEnv *env, jclass cls, jint i) {
    return i >= 0 && i < nmethods ? counts[i] : -1;
}

JNIEXPORT jstring JNICALL Java_trainbook_bench_NativeCalls_name0(JNIEnv *env, jclass cls, jint i) {
    return i >= 0 && i < nmethods ? (*env)->NewStringUTF(env, names[i]) : NULL;
}
