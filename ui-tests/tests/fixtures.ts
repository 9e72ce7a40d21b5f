/**
 * Galata's `test` with one JupyterLab page per worker instead of one per test.
 *
 * Why: loading JupyterLab costs about 3.6 s and 5 CPU-seconds, more than half of what the UI suite
 * spends when every test loads it again (Galata's `page` fixture makes a new browser context and
 * loads /lab for each test). Specs that import `test` from here get the worker's page, brought back
 * to the state a fresh page has:
 * - after each test: dialogs, menus and the command palette dismissed; the Checkpoints panel's
 *   filters and search cleared and its mode back to File; every main-area (and bottom-area) widget
 *   closed without saving or asking, except one Launcher, which is active; every session, kernel and
 *   terminal the page started shut down (closing a notebook leaves its kernel running);
 *   notifications dismissed; settings changed since the load put back (Galata keeps them in memory
 *   per page); the right sidebar collapsed and the file browser shown, at the server root (the
 *   test's folder is deleted next); the viewport back to its size;
 * - before each test: the file browser opened in the test's `tmpPath`, as Galata's `autoGoto` does.
 * A test that failed, a page that navigated or reloaded (a link, Notebook 7), and any step of the
 * reset that throws make the page go: the next test loads a new one, so a failure never cascades.
 *
 * Specs that need a freshly loaded page (activation, reloads, a second user, screenshots, Notebook
 * 7 on every test, the stock server) import `test` from '@jupyterlab/galata' instead.
 */
import {
  galata,
  test as galataTest,
  IJupyterLabPageFixture
} from '@jupyterlab/galata';
import { APIRequestContext, BrowserContext, expect } from '@playwright/test';

export { expect } from '@jupyterlab/galata';

/** Set on `window` once the page is loaded: gone after a navigation or reload. */
const LOADED_MARK = '__checkpointsSharedPage';

/** The worker's page and what a reset brings it back to. */
interface ISharedPage {
  context: BrowserContext;
  page: IJupyterLabPageFixture;
  /** The options the page was loaded with: a test with others gets a new page. */
  options: string;
  /** Each settings plugin's raw user settings at load. */
  settings: Record<string, string>;
  viewport: { width: number; height: number } | null;
  /** The kernels, sessions and terminals the page started, as Galata's mocks track them. */
  runners: Record<RunnerType, Map<string, unknown>>;
}

type RunnerType = 'kernels' | 'sessions' | 'terminals';

/** Holds the worker's page between tests (null: none yet, or the last one was thrown away). */
interface IPageSlot {
  current: ISharedPage | null;
}

export const test = galataTest.extend<object, { sharedPageSlot: IPageSlot }>({
  sharedPageSlot: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const slot: IPageSlot = { current: null };
      await use(slot);
      if (slot.current) {
        await close(slot.current);
      }
    },
    { scope: 'worker' }
  ],

  page: async (
    {
      appPath,
      baseURL,
      browser,
      mockConfig,
      mockSettings,
      mockState,
      mockUser,
      request,
      resetWorkspace,
      sharedPageSlot: slot,
      tmpPath,
      viewport,
      waitForApplication
    },
    use,
    testInfo
  ) => {
    const options = JSON.stringify({
      appPath,
      baseURL,
      mockConfig,
      mockSettings,
      mockState,
      mockUser,
      viewport
    });
    if (slot.current && slot.current.options !== options) {
      await discard(slot, request);
    }
    if (slot.current) {
      try {
        await enterFolder(slot.current.page, tmpPath);
      } catch {
        await discard(slot, request);
      }
    }
    if (!slot.current) {
      const context = await browser.newContext({ baseURL, viewport });
      const runners = {
        kernels: new Map<string, any>(),
        sessions: new Map<string, any>(),
        terminals: new Map<string, any>()
      };
      try {
        const page = await galata.initTestPage(
          appPath,
          true,
          baseURL!,
          mockConfig,
          mockSettings,
          mockState,
          mockUser,
          await context.newPage(),
          runners.sessions,
          runners.terminals,
          tmpPath,
          waitForApplication,
          runners.kernels,
          resetWorkspace
        );
        slot.current = {
          context,
          page,
          options,
          settings: await markLoaded(page),
          viewport: page.viewportSize(),
          runners
        };
      } catch (error) {
        await context.close();
        throw error;
      }
    }
    const shared = slot.current;

    await use(shared.page);

    let kept = testInfo.status === testInfo.expectedStatus;
    if (kept) {
      try {
        await reset(shared, waitForApplication);
      } catch (error) {
        console.warn(`Shared page thrown away: ${error}`);
        kept = false;
      }
    }
    if (!kept) {
      await discard(slot, request);
    }
  }
});

/** Mark the page as loaded and return the settings it loaded with. */
async function markLoaded(
  page: IJupyterLabPageFixture
): Promise<Record<string, string>> {
  return page.evaluate(async mark => {
    (window as any)[mark] = true;
    const registry = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    const raw: Record<string, string> = {};
    for (const [id, plugin] of Object.entries<any>(registry.plugins)) {
      if (plugin) {
        raw[id] = plugin.raw;
      }
    }
    return raw;
  }, LOADED_MARK);
}

/** Throw if the page navigated or reloaded since it was loaded. */
async function assertNotReloaded(page: IJupyterLabPageFixture): Promise<void> {
  const marked = await page.evaluate(
    mark => (window as any)[mark] === true,
    LOADED_MARK
  );
  if (!marked) {
    throw new Error('the page navigated or reloaded');
  }
}

/** Before a test: the file browser in the test's folder, as Galata's autoGoto leaves it. */
async function enterFolder(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  await assertNotReloaded(page);
  if (!(await page.filebrowser.openDirectory(tmpPath))) {
    throw new Error(`could not open ${tmpPath} in the file browser`);
  }
}

/** After a test: the page as a fresh load leaves it (see the module's comment). */
async function reset(
  shared: ISharedPage,
  waitForApplication: (page: any, helpers: any) => Promise<void>
): Promise<void> {
  const { page } = shared;
  await assertNotReloaded(page);
  await dismissPopups(page);
  await page.evaluate(clearPanelFilters);
  await page.evaluate(closeEverything, shared.settings);
  await page.waitForFunction(() =>
    Array.from((window as any).jupyterapp.shell.widgets('main')).some(
      (widget: any) => widget.id.startsWith('launcher-')
    )
  );
  await waitForApplication(page, page);
  // The file browser leaves the test's folder before Galata deletes it (a browser left in a deleted
  // folder says "Directory not found").
  if (!(await page.filebrowser.openHomeDirectory())) {
    throw new Error('could not open the home folder in the file browser');
  }
  await expect(page.locator('.Toastify__toast')).toHaveCount(0, {
    timeout: 5000
  });
  if (
    shared.viewport &&
    JSON.stringify(page.viewportSize()) !== JSON.stringify(shared.viewport)
  ) {
    await page.setViewportSize(shared.viewport);
  }
}

/** Dismiss dialogs, menus and the command palette (Escape, as a user would); throw if one stays. */
async function dismissPopups(page: IJupyterLabPageFixture): Promise<void> {
  const popups = page.locator(
    '.jp-Dialog, .lm-Menu, .jp-ModalCommandPalette:not(.lm-mod-hidden)'
  );
  for (let i = 0; i < 5 && (await popups.count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await popups
      .first()
      .waitFor({ state: 'detached', timeout: 1000 })
      .catch(() => undefined);
  }
  if ((await popups.count()) > 0) {
    throw new Error('a dialog or menu would not close');
  }
}

/**
 * In the page: the Checkpoints panel's filter chips off, its search box empty and its mode File.
 * The panel lives as long as the page; a fresh one starts so.
 */
function clearPanelFilters(): void {
  const panel = document.getElementById('jp-checkpoints-panel');
  if (!panel) {
    return;
  }
  panel
    .querySelectorAll<HTMLElement>('[aria-pressed="true"]')
    .forEach(chip => chip.click());
  const setValue = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value'
  )!.set!;
  panel
    .querySelectorAll<HTMLInputElement>('input[type="search"]')
    .forEach(box => {
      if (box.value) {
        // React hears a typed value through the input event, not through a property set.
        setValue.call(box, '');
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
  const fileMode = panel.querySelector<HTMLElement>('[data-mode="file"]');
  if (fileMode?.getAttribute('aria-checked') === 'false') {
    fileMode.click();
  }
}

/**
 * In the page: close every document and view without saving (one Launcher stays), shut down every
 * session, kernel and terminal, dismiss the notifications, put back the settings of the load, and
 * bring the side areas back to a fresh page's (file browser shown, right side collapsed).
 */
async function closeEverything(
  settings: Record<string, string>
): Promise<void> {
  const app = (window as any).jupyterapp;
  const shell = app.shell;
  if (shell.mode !== 'multiple-document') {
    shell.mode = 'multiple-document';
  }
  let launcherKept = false;
  for (const widget of Array.from<any>(shell.widgets('main'))) {
    if (widget.id.startsWith('launcher-') && !launcherKept) {
      launcherKept = true;
    } else {
      widget.dispose();
    }
  }
  for (const widget of Array.from<any>(shell.widgets('down'))) {
    widget.dispose();
  }
  const services = app.serviceManager;
  await services.sessions.shutdownAll();
  await services.kernels.shutdownAll();
  if (services.terminals.isAvailable()) {
    await services.terminals.shutdownAll();
  }
  // Without an id, every notification goes.
  await app.commands.execute('apputils:dismiss-notification', {});
  const registry = await (window as any).galata.getPlugin(
    '@jupyterlab/apputils-extension:settings'
  );
  for (const [id, raw] of Object.entries(settings)) {
    const plugin = registry.plugins[id];
    if (plugin && plugin.raw !== raw) {
      await registry.upload(id, raw);
    }
  }
  shell.collapseRight();
  shell.activateById('filebrowser');
}

/** Close the worker's page and shut down what it left running on the server. */
async function discard(
  slot: IPageSlot,
  request: APIRequestContext
): Promise<void> {
  const shared = slot.current;
  slot.current = null;
  if (!shared) {
    return;
  }
  for (const [type, runners] of Object.entries(shared.runners)) {
    if (runners.size > 0) {
      await galata.Mock.clearRunners(
        request,
        [...runners.keys()],
        type as RunnerType
      );
    }
  }
  await close(shared);
}

/**
 * Close the page's browser context. Galata's mocks go first (as its own `page` fixture does): a
 * mocked request in flight when the context closes would fail the test.
 */
async function close(shared: ISharedPage): Promise<void> {
  await shared.page.unrouteAll({ behavior: 'ignoreErrors' }).catch(() => {
    /* a closed page has no routes left */
  });
  await shared.context.close().catch(() => {
    /* already closed with the browser */
  });
}
