import { chromium } from "playwright-core";
(async () => {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const p = await (await b.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
  p.on("pageerror", (e) => console.log("err", e.message));
  await p.goto(`${process.argv[2]}?${process.argv[3]}`);
  await p.waitForFunction(() => (window as any).__graphBench?.firstFrameMs !== undefined, undefined, { timeout: 60000 });
  await p.waitForTimeout(500);
  console.log(await p.evaluate(() => (window as any).__palisadeGraph.zoom()));
  await p.screenshot({ path: "/tmp/shot.png" });
  await b.close();
})();
