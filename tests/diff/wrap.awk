# wrap.awk: rewrites a module printed by wasm2wat so that it exports exactly
# one function "x", which calls the exported function TARGET with zero
# arguments and returns its result as an integer: f32/f64 results are
# reinterpreted as bits, every NaN becoming the canonical NaN, so that
# results compare exactly as text. A function with no result is followed by
# a call of the module's "hashMemory" export (made by wasm-opt -ttf), whose
# i32 result is returned instead, so that memory side effects compare too.
#   awk -v list=1 -f wrap.awk m.wat          prints "NAME RESULT" per function export
#   awk -v target=NAME -f wrap.awk m.wat     prints the wrapped module
#   awk -v all=1 -f wrap.awk m.wat           prints the module with one wrapper
#                                            "x_NAME" per listed export, in order
# Relies on wasm2wat's layout: one type, function header or export per line.

function field(s, key,    r) {
    # the text inside "(key ...)" in s, or "" when absent
    if (match(s, "\\(" key " [^)]*\\)") == 0)
        return ""
    r = substr(s, RSTART + length(key) + 2, RLENGTH - length(key) - 3)
    return r
}

/^  \(type \(;[0-9]+;\) \(func/ {
    t = $0; sub(/^  \(type \(;/, "", t); sub(/;.*/, "", t)
    params[t] = field($0, "param"); results[t] = field($0, "result")
}
/^  \(func \(;[0-9]+;\) \(type [0-9]+\)/ || /^  \(import .*\(func \(;[0-9]+;\) \(type [0-9]+\)/ {
    s = $0; sub(/^.*\(func \(;/, "", s)
    f = s; sub(/;.*/, "", f)
    sub(/^[0-9]+;\) \(type /, "", s); sub(/\).*/, "", s)
    ftype[f] = s
}
/^  \(export "[^"]*" \(func [0-9]+\)\)\)?$/ {
    name = $0; sub(/^  \(export "/, "", name); sub(/" \(func .*/, "", name)
    idx = $0; sub(/^.*\(func /, "", idx); sub(/\).*$/, "", idx)
    nexp++; expname[nexp] = name; expidx[name] = idx
}
/^  \(export / {
    # dropped; when it also closes the module, keep that parenthesis
    if (gsub(/\)/, ")") > gsub(/\(/, "("))
        { nl++; line[nl] = ")" }
    next
}
{ nl++; line[nl] = $0 }

function zero(t) {
    if (t == "i32") return "    i32.const 0\n"
    if (t == "i64") return "    i64.const 0\n"
    if (t == "f32") return "    f32.const 0\n"
    return "    f64.const 0\n"
}

function wrapper(idx, xname,    t, np, p, i, r, body, hash, s) {
    t = ftype[idx]
    np = split(params[t], p, " ")
    r = results[t]
    body = ""
    for (i = 1; i <= np; i++)
        body = body zero(p[i])
    body = body "    call " idx
    hash = expidx["hashMemory"]
    if (r == "" && ("hashMemory" in expidx) && params[ftype[hash]] == "" \
        && results[ftype[hash]] == "i32") {
        body = body "\n    call " hash
        r = "i32"
    }
    if (r == "f32")
        body = body "\n    local.tee 0\n    local.get 0\n    f32.ne\n    if (result i32)\n" \
              "      i32.const 2143289344\n    else\n      local.get 0\n" \
              "      i32.reinterpret_f32\n    end"
    else if (r == "f64")
        body = body "\n    local.tee 0\n    local.get 0\n    f64.ne\n    if (result i64)\n" \
              "      i64.const 9221120237041090560\n    else\n      local.get 0\n" \
              "      i64.reinterpret_f64\n    end"
    s = "  (func (export \"" xname "\")"
    if (r == "i32" || r == "f32") s = s " (result i32)"
    if (r == "i64" || r == "f64") s = s " (result i64)"
    if (r == "f32" || r == "f64") s = s " (local " r ")"
    return s "\n" body ")"
}

# listed(NAME): the export is compared (at most one result)
function listed(name) {
    return index(results[ftype[expidx[name]]], " ") == 0
}

END {
    if (list) {
        for (i = 1; i <= nexp; i++)
            if (listed(expname[i]))
                print expname[i], (results[ftype[expidx[expname[i]]]] == "" ? "none" : \
                                   results[ftype[expidx[expname[i]]]])
        exit 0
    }
    if (all) {
        for (i = 1; i < nl; i++)
            print line[i]
        last = line[nl]
        sub(/\)[ \t]*$/, "", last)
        print last
        for (i = 1; i <= nexp; i++)
            if (listed(expname[i]))
                print wrapper(expidx[expname[i]], "x_" expname[i])
        print ")"
        exit 0
    }
    if (!(target in expidx)) {
        print "wrap.awk: no function export " target > "/dev/stderr"
        exit 1
    }
    for (i = 1; i < nl; i++)
        print line[i]
    last = line[nl]
    sub(/\)[ \t]*$/, "", last)             # the module's closing parenthesis
    print last
    print wrapper(expidx[target], "x") ")"
}
