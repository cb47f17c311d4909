package trainbook.engine.sweep;

/**
 * Standard normal helpers for the truncated-normal mixtures of {@link ParzenEstimator}: CDF, its log (accurate far
 * into the lower tail), the log of the mass between two points, and the quantile function.
 */
final class Gauss {
    private Gauss() {}

    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    /** log φ(x). */
    static double logPdf(double x) {
        return -0.5 * x * x - LOG_SQRT_2PI;
    }

    /** erfc(x), relative error below 1.2e-7 everywhere (Chebyshev fit). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Φ(x). */
    static double cdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** log Φ(x), finite far into the lower tail (asymptotic series below -30, where Φ underflows). */
    static double logCdf(double x) {
        if (x > -30) return Math.log(cdf(x));
        // Φ(x) ≈ φ(x)/|x| · (1 - 1/x² + 3/x⁴)
        double x2 = x * x;
        return logPdf(x) - Math.log(-x) + Math.log1p(-1 / x2 + 3 / (x2 * x2));
    }

    /** log(Φ(b) - Φ(a)) for a ≤ b, computed in the tail where both ends lie, so it stays finite. */
    static double logMass(double a, double b) {
        if (a > 0) { // mirror into the lower tail, where logCdf is accurate
            double t = -a;
            a = -b;
            b = t;
        }
        double lb = logCdf(b), la = logCdf(a);
        if (la >= lb) return Double.NEGATIVE_INFINITY;
        return lb + Math.log1p(-Math.exp(la - lb));
    }

    /** Φ⁻¹(p) for 0 &lt; p &lt; 1 (Acklam's rational approximation plus one Newton step). */
    static double quantile(double p) {
        if (p <= 0) return Double.NEGATIVE_INFINITY;
        if (p >= 1) return Double.POSITIVE_INFINITY;
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else {
            double q = p - 0.5, r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        double e = cdf(x) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** A draw from N(0,1) truncated to [a, b] with a ≤ 0 ≤ b... or any a < b whose mass is not negligible. */
    static double truncated(double a, double b, double u) {
        double pa = cdf(a), pb = cdf(b);
        double x = quantile(pa + u * (pb - pa));
        if (Double.isNaN(x)) x = 0.5 * (a + b);
        return Math.max(a, Math.min(b, x));
    }
}
