// aws-local-stepfunctions 3 (now only our ASL validator: local/stepfunctions/definition.ts) calls
// Promise.withResolvers (Node 22+), which Node 20 lacks. Import this module first wherever the local runtime or a
// test starts.
if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
