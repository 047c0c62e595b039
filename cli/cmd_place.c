/*
 * cmd_place.c: `xipwasm place IMAGE --firmware FW.elf [--slot NAME] -o OUT`:
 * puts an image into a firmware's applet slot for a flashing tool.
 *
 * The slot is a flash region that the firmware's linker script names with
 * two symbols, __xip_slot_NAME_start and __xip_slot_NAME_end (see
 * examples/mps2-an386/link.ld). The firmware ELF is read with LLVM's object
 * library (llvm-c/Object.h); the image is verified as the executor would
 * verify it, checked to fit, and written as Intel HEX at the slot's address
 * (or as raw bytes, for tools that take the address separately).
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Object.h>

#include "cli.h"

/*
 * LLVM's object library is loaded when `place` runs (dlopen), not linked:
 * libLLVM takes ~30 ms to load, which every other command (and every test
 * that starts the command thousands of times) would pay otherwise. These are
 * the C API functions `place` uses, with the types of llvm-c/Object.h.
 */
typedef struct llvm_api {
    LLVMMemoryBufferRef (*create_buffer)(const char *, size_t, const char *, LLVMBool);
    void (*dispose_buffer)(LLVMMemoryBufferRef);
    LLVMContextRef (*context_create)(void);
    void (*context_dispose)(LLVMContextRef);
    LLVMBinaryRef (*create_binary)(LLVMMemoryBufferRef, LLVMContextRef, char **);
    void (*dispose_binary)(LLVMBinaryRef);
    LLVMBinaryType (*binary_type)(LLVMBinaryRef);
    void (*dispose_message)(char *);
    LLVMSymbolIteratorRef (*symbols)(LLVMBinaryRef);
    LLVMBool (*symbols_at_end)(LLVMBinaryRef, LLVMSymbolIteratorRef);
    void (*next_symbol)(LLVMSymbolIteratorRef);
    const char *(*symbol_name)(LLVMSymbolIteratorRef);
    uint64_t (*symbol_address)(LLVMSymbolIteratorRef);
    void (*dispose_symbols)(LLVMSymbolIteratorRef);
} llvm_api;

static llvm_api llvm;

/* Looks up one function of the library into *slot; false if it is missing. */
static bool llvm_symbol(void *library, const char *name, void *slot)
{
    void *f = dlsym(library, name);
    if (f == NULL)
        return false;
    memcpy(slot, &f, sizeof f);
    return true;
}

/* Loads LLVM's object library (XIPWASM_LLVM_LIB, from llvm-config); prints the error and returns false. */
static bool llvm_load(void)
{
    void *lib = dlopen(XIPWASM_LLVM_LIB, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return cli_error("place: cannot load LLVM's object library %s: %s", XIPWASM_LLVM_LIB, dlerror()), false;
    bool ok = llvm_symbol(lib, "LLVMCreateMemoryBufferWithMemoryRange", &llvm.create_buffer) &&
              llvm_symbol(lib, "LLVMDisposeMemoryBuffer", &llvm.dispose_buffer) &&
              llvm_symbol(lib, "LLVMContextCreate", &llvm.context_create) &&
              llvm_symbol(lib, "LLVMContextDispose", &llvm.context_dispose) &&
              llvm_symbol(lib, "LLVMCreateBinary", &llvm.create_binary) &&
              llvm_symbol(lib, "LLVMDisposeBinary", &llvm.dispose_binary) &&
              llvm_symbol(lib, "LLVMBinaryGetType", &llvm.binary_type) &&
              llvm_symbol(lib, "LLVMDisposeMessage", &llvm.dispose_message) &&
              llvm_symbol(lib, "LLVMObjectFileCopySymbolIterator", &llvm.symbols) &&
              llvm_symbol(lib, "LLVMObjectFileIsSymbolIteratorAtEnd", &llvm.symbols_at_end) &&
              llvm_symbol(lib, "LLVMMoveToNextSymbol", &llvm.next_symbol) &&
              llvm_symbol(lib, "LLVMGetSymbolName", &llvm.symbol_name) &&
              llvm_symbol(lib, "LLVMGetSymbolAddress", &llvm.symbol_address) &&
              llvm_symbol(lib, "LLVMDisposeSymbolIterator", &llvm.dispose_symbols);
    if (!ok)
        return cli_error("place: %s lacks a function of LLVM's C API: %s", XIPWASM_LLVM_LIB, dlerror()), false;
    return true;
}

static const char place_help[] =
    "usage: xipwasm place IMAGE --firmware FW.elf [--slot NAME] -o OUT [--format hex|bin]\n"
    "\n"
    "Puts IMAGE (an image, or a .wasm module, compiled first) into the applet\n"
    "slot NAME (default: applet) of the firmware FW.elf, whose linker script\n"
    "defines the symbols __xip_slot_NAME_start and __xip_slot_NAME_end. The\n"
    "image is verified as the executor would, must fit the slot, and is written\n"
    "to OUT as Intel HEX at the slot's address (--format bin: the raw bytes, to\n"
    "be programmed at that address). Prints where it went.\n"
    "\n"
    "exit status: 0 ok, 1 bad input (not an ELF, no such slot, image too large\n"
    "or refused), 2 usage\n";

#define SLOT_PREFIX "__xip_slot_"
#define SLOT_NAME_MAX 64

typedef struct place_options {
    const char *image;
    const char *firmware;
    const char *slot;
    const char *output;
    bool binary;
} place_options;

/* A slot found in the firmware: its address range. */
typedef struct slot_range {
    uint64_t start, end;
    bool has_start, has_end;
} slot_range;

/* Parses the command line into o; returns an exit code (CLI_EXIT_OK to go on, -1 after --help). */
static int parse_options(int argc, char **argv, place_options *o)
{
    memset(o, 0, sizeof *o);
    o->slot = "applet";
    for (int i = 1; i < argc; i++) {
        const char *value;
        int m;
        if (cli_is_help(argv[i])) {
            fputs(place_help, stdout);
            return -1;
        }
        if ((m = cli_option(argc, argv, &i, "--firmware", &value)) != 0)
            o->firmware = value;
        else if ((m = cli_option(argc, argv, &i, "--slot", &value)) != 0)
            o->slot = value;
        else if ((m = cli_option(argc, argv, &i, "-o", &value)) != 0)
            o->output = value;
        else if ((m = cli_option(argc, argv, &i, "--format", &value)) != 0) {
            if (m > 0 && strcmp(value, "hex") != 0 && strcmp(value, "bin") != 0)
                return cli_usage_error("place", "--format must be hex or bin, not '%s'", value);
            o->binary = m > 0 && strcmp(value, "bin") == 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("place", "unknown option '%s'", argv[i]);
        else if (o->image != NULL)
            return cli_usage_error("place", "more than one IMAGE ('%s' and '%s')", o->image, argv[i]);
        else
            o->image = argv[i];
        if (m < 0)
            return cli_usage_error("place", "option '%s' needs a value", argv[i]);
    }
    if (o->image == NULL)
        return cli_usage_error("place", "missing IMAGE");
    if (o->firmware == NULL)
        return cli_usage_error("place", "missing --firmware FW.elf");
    if (o->output == NULL)
        return cli_usage_error("place", "missing -o OUT");
    if (strlen(o->slot) == 0 || strlen(o->slot) > SLOT_NAME_MAX)
        return cli_usage_error("place", "bad slot name '%s'", o->slot);
    return CLI_EXIT_OK;
}

/*
 * Walks the symbols of the ELF binary: fills *slot for slot `name` and
 * writes the names of all slots found (comma separated) to names.
 */
static void find_slot(LLVMBinaryRef binary, const char *name, slot_range *slot, char *names, size_t names_size)
{
    size_t prefix = strlen(SLOT_PREFIX), used = 0;
    char start_sym[SLOT_NAME_MAX + 32], end_sym[SLOT_NAME_MAX + 32];
    snprintf(start_sym, sizeof start_sym, SLOT_PREFIX "%s_start", name);
    snprintf(end_sym, sizeof end_sym, SLOT_PREFIX "%s_end", name);
    memset(slot, 0, sizeof *slot);
    names[0] = '\0';
    LLVMSymbolIteratorRef it = llvm.symbols(binary);
    for (; !llvm.symbols_at_end(binary, it); llvm.next_symbol(it)) {
        const char *sym = llvm.symbol_name(it);
        if (sym == NULL || strncmp(sym, SLOT_PREFIX, prefix) != 0)
            continue;
        if (strcmp(sym, start_sym) == 0) {
            slot->start = llvm.symbol_address(it);
            slot->has_start = true;
        } else if (strcmp(sym, end_sym) == 0) {
            slot->end = llvm.symbol_address(it);
            slot->has_end = true;
        }
        size_t len = strlen(sym);
        if (len > prefix + 6 && strcmp(sym + len - 6, "_start") == 0 && used + len < names_size) {
            used += (size_t)snprintf(names + used, names_size - used, "%s%.*s", used ? ", " : "",
                                     (int)(len - prefix - 6), sym + prefix);
        }
    }
    llvm.dispose_symbols(it);
}

/* Reads the firmware ELF and finds the slot; prints the error and returns an exit code. */
static int read_slot(const place_options *o, slot_range *slot)
{
    uint8_t *data;
    size_t size;
    if (!llvm_load())
        return CLI_EXIT_ERROR;
    if (!cli_read_file(o->firmware, &data, &size))
        return CLI_EXIT_ERROR;
    LLVMMemoryBufferRef buffer =
        llvm.create_buffer((const char *)data, size, o->firmware, 0);
    LLVMContextRef context = llvm.context_create();
    char *message = NULL;
    LLVMBinaryRef binary = llvm.create_binary(buffer, context, &message);
    int code = CLI_EXIT_OK;
    if (binary == NULL) {
        code = cli_error("%s: not an ELF file (%s)", o->firmware, message ? message : "unreadable");
        llvm.dispose_message(message);
    } else {
        LLVMBinaryType type = llvm.binary_type(binary);
        if (type != LLVMBinaryTypeELF32L && type != LLVMBinaryTypeELF32B && type != LLVMBinaryTypeELF64L &&
            type != LLVMBinaryTypeELF64B) {
            code = cli_error("%s: not an ELF file (another object format)", o->firmware);
        } else {
            char names[512];
            find_slot(binary, o->slot, slot, names, sizeof names);
            if (!slot->has_start || !slot->has_end)
                code = cli_error("%s: no applet slot '%s' (symbols " SLOT_PREFIX "%s_start and _end); "
                                 "slots defined: %s", o->firmware, o->slot, o->slot,
                                 names[0] ? names : "none");
            else if (slot->end <= slot->start || slot->end > 0x100000000ull)
                code = cli_error("%s: applet slot '%s' has a bad range 0x%llx..0x%llx", o->firmware, o->slot,
                                 (unsigned long long)slot->start, (unsigned long long)slot->end);
        }
        llvm.dispose_binary(binary);
    }
    llvm.context_dispose(context);
    llvm.dispose_buffer(buffer);
    free(data);
    return code;
}

/* Appends one Intel HEX record (type, 16-bit address, data) to f. */
static void hex_record(FILE *f, uint8_t type, uint16_t address, const uint8_t *data, uint8_t count)
{
    uint8_t sum = (uint8_t)(count + (address >> 8) + address + type);
    fprintf(f, ":%02X%04X%02X", count, address, type);
    for (uint8_t i = 0; i < count; i++) {
        fprintf(f, "%02X", data[i]);
        sum = (uint8_t)(sum + data[i]);
    }
    fprintf(f, "%02X\n", (uint8_t)(0u - sum));
}

/* The Intel HEX text of size bytes at address (extended linear address records, 16-byte data records). */
static char *intel_hex(const uint8_t *bytes, size_t size, uint32_t address, size_t *text_size)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, text_size);
    if (f == NULL)
        return NULL;
    uint32_t upper = 0xffffffffu;
    for (size_t at = 0; at < size;) {
        uint32_t a = address + (uint32_t)at;
        if (a >> 16 != upper) {
            upper = a >> 16;
            uint8_t ela[2] = {(uint8_t)(upper >> 8), (uint8_t)upper};
            hex_record(f, 4, 0, ela, 2);
        }
        size_t n = size - at < 16 ? size - at : 16;
        if ((a & 0xffffu) + n > 0x10000u) /* a record does not cross a 64 KiB boundary */
            n = 0x10000u - (a & 0xffffu);
        hex_record(f, 0, (uint16_t)a, bytes + at, (uint8_t)n);
        at += n;
    }
    hex_record(f, 1, 0, NULL, 0);
    fclose(f);
    return text;
}

int cli_cmd_place(int argc, char **argv)
{
    place_options o;
    int code = parse_options(argc, argv, &o);
    if (code != CLI_EXIT_OK)
        return code < 0 ? CLI_EXIT_OK : code;
    slot_range slot;
    if ((code = read_slot(&o, &slot)) != CLI_EXIT_OK)
        return code;
    uint8_t *image;
    size_t size;
    if ((code = cli_load_input(o.image, &image, &size)) != CLI_EXIT_OK)
        return code;
    uint64_t capacity = slot.end - slot.start;
    cli_limits limits = cli_default_limits();
    cli_vm vm;
    if (cli_vm_load(&vm, o.image, image, size, &limits, false) != XIP_OK) {
        code = CLI_EXIT_ERROR;
    } else if (size > capacity) {
        code = cli_error("%s: image of %lu bytes does not fit applet slot '%s' of %s (%llu bytes at 0x%llx)",
                         o.image, (unsigned long)size, o.slot, o.firmware, (unsigned long long)capacity,
                         (unsigned long long)slot.start);
    } else {
        size_t text_size = size;
        char *text = o.binary ? (char *)image : intel_hex(image, size, (uint32_t)slot.start, &text_size);
        if (text == NULL || !cli_write_file_atomic(o.output, (const uint8_t *)text, text_size)) {
            code = text == NULL ? cli_error("%s: out of memory", o.output) : CLI_EXIT_ERROR;
        } else {
            printf("%s: %lu bytes at 0x%08llx, slot '%s' of %s (%llu bytes, %llu free)\n", o.output,
                   (unsigned long)size, (unsigned long long)slot.start, o.slot, o.firmware,
                   (unsigned long long)capacity, (unsigned long long)(capacity - size));
        }
        if (!o.binary)
            free(text);
    }
    cli_vm_free(&vm);
    free(image);
    return code;
}
