package trainbook.reliability;

import trainbook.magic.args.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile magic argument lines: random and misspelled keys, unicode, huge, negative and non-finite
 * numbers, {@code epochs=0}, {@code lr=nan}, empty values, unbalanced quotes and parentheses, shell- and
 * Java-looking payloads, path traversal, very long tokens. Deterministic for a seed.
 */
final class Fuzz {
    static final List<String> NUMBERS = List.of("0", "-1", "-0", "1", "2", "3", "1e-3", "nan", "NaN", "-nan", "inf",
            "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "99999999999999999999999", "0x10", "1_000", "1,000", "١٢", "１", "0.5", ".5", "5.",
            "1e", "e3", "+3", "--3", "3-", "1e-3s", "500s", "0s", "-5s", "1.5s", "10m", "2h", "1e400s", "0.000001");
    static final List<String> WORDS = List.of("", " ", "none", "off", "true", "false", "yes", "lrfind", "adam", "adma",
            "sgd", "cosine", "onecycle", "step", "multistep", "exp", "mlp", "mlp()", "mlp(0)", "mlp(-1)",
            "mlp(4,,4)", "mlp(4", "mlp(4))", "mlp((4))", "mlp(2147483648)", "cnn", "lenet", "linear", "blobs",
            "blobs(n=64)", "blobs(n=0)", "blobs(n=-5)", "blobs(n=64,classes=1)", "blobs(classes=3", "spirals(n=99,foo=1)",
            "linear(noise=nan)", "fashion-mnist", "mnist", "idx:", "idx:/nonexistent", "csv:", "csv:/etc/passwd",
            "fashion-mnist:/nowhere", "split=0.1", "split=0", "split=1", "split=nan", "split", "flip,crop", "flip,flip",
            "ce", "mse", "huber", "bce", "gpu", "gpu:7", "cpu", "auto", "run:", "run:nosuch", "png", "svg", "grid",
            "random", "val_loss", "val_acc", "train_loss", "relu", "gelu", "batchnorm", "class", "System", "null",
            "net", "data", "x$y", "_", "ε", "лр", "学习率", "😀", "\u202e", "e\u0301", "\t", "a b", "\"a b\"", "'a b'",
            "\\", "\\\"", "=", "==", ",", ",,", "(", ")", "((((", "))))", "\"", "'", "\"unclosed", "'unclosed",
            "$(rm -rf /)", "`id`", "; rm -rf ~", "&& touch /tmp/pwned", "| cat /etc/passwd", "> /tmp/out", "$HOME",
            "${jndi:ldap://x/a}", "%s%s%s", "%n", "{{7*7}}", "<script>alert(1)</script>", "../../etc", "/tmp",
            "../outside", "~", "System.exit(0)", "System.exit(1);", "new java.io.File(\"x\").delete()",
            "\"); System.exit(2); //", "Runtime.getRuntime().halt(0)", "java.lang.Runtime", "}; System.exit(3); {",
            "/* */", "//", "\u0000", "\u0007", "\r", "\n");

    private final Random rnd;
    private final List<String> keys;

    Fuzz(long seed) {
        this.rnd = new Random(seed);
        this.keys = new ArrayList<>(Keys.names());
        for (String k : Keys.names()) {
            keys.add(k.toUpperCase());
            keys.add(k + "s");
            if (k.length() > 2) keys.add(k.substring(0, k.length() - 1));
        }
        keys.addAll(List.of("", "epoch", "learning_rate", "-lr", "--epochs", "lr ", " lr", "ĺr", "eрochs", "__proto__",
                "class", "$(id)", "a.b", "x[0]", "1", "=", "'lr'", "\"lr\""));
    }

    String value() {
        return switch (rnd.nextInt(10)) {
            case 0, 1, 2 -> pick(NUMBERS);
            case 3, 4, 5, 6 -> pick(WORDS);
            case 7 -> pick(NUMBERS) + "," + pick(NUMBERS) + (rnd.nextBoolean() ? "," + pick(WORDS) : "");
            case 8 -> randomString(1 + rnd.nextInt(12));
            default -> rnd.nextInt(20) == 0 ? "(".repeat(2000) + "x" : rnd.nextInt(20) == 0 ? "9".repeat(5000)
                    : pick(WORDS) + pick(NUMBERS);
        };
    }

    String token() {
        return switch (rnd.nextInt(8)) {
            case 0 -> pick(WORDS);
            case 1 -> pick(keys) + "=";
            case 2 -> "=" + value();
            default -> pick(keys) + "=" + value();
        };
    }

    /** One argument line of 1–6 tokens. */
    String line() {
        int n = 1 + rnd.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(rnd.nextInt(6) == 0 ? "  " : " ");
            sb.append(token());
        }
        return sb.toString();
    }

    private String pick(List<String> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private String randomString(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(4);
            int cp = switch (kind) {
                case 0 -> 0x20 + rnd.nextInt(0x5f);           // printable ASCII
                case 1 -> 0xa0 + rnd.nextInt(0x2f00);         // Latin, Greek, Cyrillic, ... symbols
                case 2 -> 0x1f300 + rnd.nextInt(0x300);       // emoji (surrogate pairs)
                default -> rnd.nextInt(0x20);                 // control characters
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
