/** A one-line progress bar on a terminal; silent when output is redirected. */
export function progressBar(stream: NodeJS.WriteStream) {
  const enabled = Boolean(stream.isTTY);
  let last = '';
  return {
    update(label: string, done: number, total: number) {
      if (!enabled || total < 5000) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
      if (line !== last) { stream.write(`\r${line}`); last = line; }
    },
    done() {
      if (enabled && last) stream.write('\n');
    },
  };
}
