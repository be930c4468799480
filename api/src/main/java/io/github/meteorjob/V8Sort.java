package io.github.meteorjob;

/**
 * The order V8's {@code Array.prototype.sort} leaves an array in (a run, then binary insertion,
 * as its TimSort does for fewer than 64 elements). later.parse.cron sorts cron list items with a
 * comparator that answers NaN for names and ranges; with such a comparator the result depends on
 * the algorithm, and the result decides how later.js groups {@code #} items into schedules.
 */
final class V8Sort {

    /** A comparator that may answer NaN, like a JavaScript one. */
    interface Compare<T> {
        double compare(T a, T b);
    }

    private V8Sort() {
    }

    static <T> void sort(T[] a, Compare<T> cmp) {
        int n = a.length;
        if (n < 2) {
            return;
        }
        int low = 0;
        int remaining = n;
        int minRun = minRunLength(n);
        while (remaining != 0) {
            int run = countAndMakeRun(a, low, low + remaining, cmp);
            if (run < minRun) {
                int forced = Math.min(minRun, remaining);
                binaryInsertionSort(a, low, low + run, low + forced, cmp);
                run = forced;
            }
            low += run;
            remaining -= run;
        }
        // arrays of 64 or more items would be merged here; cron fields never have that many
    }

    private static int minRunLength(int n) {
        int r = 0;
        while (n >= 64) {
            r |= n & 1;
            n >>= 1;
        }
        return n + r;
    }

    private static <T> int countAndMakeRun(T[] a, int lowArg, int high, Compare<T> cmp) {
        int low = lowArg + 1;
        if (low == high) {
            return 1;
        }
        int runLength = 2;
        double order = cmp.compare(a[low], a[low - 1]);
        boolean descending = order < 0;
        T previous = a[low];
        for (int idx = low + 1; idx < high; idx++) {
            T current = a[idx];
            order = cmp.compare(current, previous);
            if (descending ? order >= 0 : order < 0) {
                break;
            }
            previous = current;
            runLength++;
        }
        if (descending) {
            for (int i = lowArg, j = lowArg + runLength - 1; i < j; i++, j--) {
                T t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return runLength;
    }

    private static <T> void binaryInsertionSort(T[] a, int low, int startArg, int high, Compare<T> cmp) {
        for (int start = low == startArg ? startArg + 1 : startArg; start < high; start++) {
            int left = low;
            int right = start;
            T pivot = a[start];
            while (left < right) {
                int mid = left + ((right - left) >> 1);
                if (cmp.compare(pivot, a[mid]) < 0) {
                    right = mid;
                } else {
                    left = mid + 1;
                }
            }
            System.arraycopy(a, left, a, left + 1, start - left);
            a[left] = pivot;
        }
    }
}
