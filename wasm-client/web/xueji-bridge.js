// The JavaScript half of the browser platform layer, loaded before app.js.
//  - Module: the canvas, and the CJK font written into the virtual FS before main() runs
//    (fetched in parallel with app.wasm).
//  - globalThis.xuejiBridge: what the C++ side calls (fetch, the off-screen text <input>).
//  - window.xueji: read-only hooks for end-to-end tests (see wasm-client/TEST-HOOKS.md).
//  - The service worker that lets the app start with no network.
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const textInput = document.getElementById('xueji-text-input');
  const status = document.getElementById('xueji-status');
  const FONT_URL = 'fonts/xueji-base.otf';
  const FONT_PATH = '/fonts/xueji-base.otf';
  // Rare-character font chunks (fonts/rare/*, content-addressed names) once fetched stay in this
  // cache for good, so names with 生僻字 render offline too. Shared with sw.js.
  const RARE_FONT_CACHE = 'xueji-rare-fonts';

  let running = false;  // main() has run: the exported functions may be called
  let resolveStarted;
  const started = new Promise((resolve) => { resolveStarted = resolve; });
  const fontBytes = fetch(FONT_URL).then((response) => {
    if (!response.ok) throw new Error(`${FONT_URL}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });

  function showStatus(text) {
    if (status) status.textContent = text;
  }

  const Module = {
    canvas,
    preRun: [function loadFont() {
      Module.addRunDependency('xueji-font');
      fontBytes
        .then((bytes) => {
          Module.FS.mkdir('/fonts');
          Module.FS.writeFile(FONT_PATH, new Uint8Array(bytes));
        })
        .catch((err) => console.error('xueji: the CJK font could not be loaded', err))
        .finally(() => Module.removeRunDependency('xueji-font'));
    }],
    print: (text) => console.log(text),
    printErr: (text) => console.error(text),
    onAbort: (what) => showStatus(`学籍系统无法启动：${what}`),
  };
  window.Module = Module;

  // Strings to and from the module's memory.
  function withCString(text, use) {
    const size = Module.lengthBytesUTF8(text) + 1;
    const pointer = Module._malloc(size);
    try {
      Module.stringToUTF8(text, pointer, size);
      return use(pointer);
    } finally {
      Module._free(pointer);
    }
  }

  // ---- Text input: IME compositions, insertText, pastes and typed characters ----------------
  // Only this element delivers characters (GLFW's own char callback is off), so each character
  // arrives once. A composition is delivered whole at compositionend; the value is cleared after
  // every delivery so a trailing non-composing input event (Safari) finds nothing to repeat.
  let composing = false;
  function deliverText(text) {
    if (text) withCString(text, (pointer) => Module._xueji_text_input(pointer));
  }
  textInput.addEventListener('compositionstart', () => { composing = true; });
  textInput.addEventListener('compositionend', (event) => {
    composing = false;
    deliverText(event.data);
    textInput.value = '';
  });
  textInput.addEventListener('input', (event) => {
    if (composing || event.isComposing) return;
    const text = textInput.value;
    textInput.value = '';
    deliverText(text);
  });
  // A click on the canvas would move focus off the <input> (and close a phone's keyboard).
  canvas.addEventListener('mousedown', (event) => event.preventDefault());

  // navigator.storage: persistent storage asked for once at start; usage and quota refreshed
  // every minute and shortly after writes, read by the C++ side (storage_estimate()).
  const storageInfo = { persisted: false, usage: 0, quota: 0 };
  let storageRefreshTimer = null;
  function refreshStorage() {
    storageRefreshTimer = null;
    if (!navigator.storage) return;
    if (navigator.storage.persisted) {
      navigator.storage.persisted().then((yes) => { storageInfo.persisted = yes; }).catch(() => {});
    }
    if (navigator.storage.estimate) {
      navigator.storage.estimate().then((estimate) => {
        storageInfo.usage = estimate.usage || 0;
        storageInfo.quota = estimate.quota || 0;
      }).catch(() => {});
    }
  }

  const bridge = {
    storageInfo,
    refreshStorageSoon() {
      if (!storageRefreshTimer) storageRefreshTimer = setTimeout(refreshStorage, 2000);
    },

    started() {
      if (status) status.remove();
      running = true;
      resolveStarted();
    },

    httpRequest(id, method, path, body, token) {
      const headers = {};
      if (method !== 'GET') headers['Content-Type'] = 'application/json';
      if (token) headers.Authorization = `Bearer ${token}`;
      const init = { method, headers, cache: 'no-store', credentials: 'same-origin' };
      if (method !== 'GET') init.body = body;
      fetch(path, init)
        .then((response) => response.text().then((text) => [response.status, text]))
        .catch(() => [0, ''])
        .then(([code, text]) => withCString(text, (pointer) => Module._xueji_http_done(id, code, pointer)));
    },

    // An attachment chunk (platform/http_web.cpp): the bytes from MEMFS, PUT as they are.
    httpPutFile(id, path, file, headerLines, token) {
      const headers = { 'Content-Type': 'application/octet-stream' };
      for (const line of headerLines.split('\n')) {
        const colon = line.indexOf(': ');
        if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 2);
      }
      if (token) headers.Authorization = `Bearer ${token}`;
      let body;
      try {
        body = Module.FS.readFile(file);
        Module.FS.unlink(file);
      } catch (e) {
        return withCString('', (pointer) => Module._xueji_http_done(id, 0, pointer));
      }
      fetch(path, { method: 'PUT', headers, body, cache: 'no-store', credentials: 'same-origin' })
        .then((response) => response.text().then((text) => [response.status, text]))
        .catch(() => [0, ''])
        .then(([code, text]) => withCString(text, (pointer) => Module._xueji_http_done(id, code, pointer)));
    },

    // A static file for the C++ side (platform/assets_web.cpp): written to /asset-<id>, then
    // xueji_asset_done(id, ok). Rare-font chunks: cache first, fetched and kept otherwise.
    loadAsset(id, path) {
      const done = (ok) => Module._xueji_asset_done(id, ok ? 1 : 0);
      const cacheable = path.startsWith('fonts/rare/') && !path.endsWith('.json') &&
        typeof caches !== 'undefined';
      const fromNetwork = () => fetch(path).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        if (cacheable) {
          const copy = response.clone();
          caches.open(RARE_FONT_CACHE).then((cache) => cache.put(path, copy)).catch(() => {});
        }
        return response;
      });
      const lookup = cacheable
        ? caches.open(RARE_FONT_CACHE).then((cache) => cache.match(path)).catch(() => undefined)
        : Promise.resolve(undefined);
      lookup
        .then((cached) => cached || fromNetwork())
        .then((response) => response.arrayBuffer())
        .then((bytes) => {
          Module.FS.writeFile(`/asset-${id}`, new Uint8Array(bytes));
          done(true);
        })
        .catch((err) => {
          console.error('xueji: asset', path, err);
          done(false);
        });
    },

    // The file picker for proofs (photo or scan; a phone offers its camera): the bytes go to
    // /asset-<id> like loadAsset's. Called in the frame after the click, within the click's
    // user activation.
    pickFile(id, camera) {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = camera ? 'image/*' : 'image/*,application/pdf';
      if (camera) input.capture = 'environment';  // the phone's back camera
      input.style.display = 'none';
      document.body.appendChild(input);
      let answered = false;
      const answer = (ok) => {
        if (answered) return;
        answered = true;
        input.remove();
        Module._xueji_asset_done(id, ok ? 1 : 0);
      };
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        if (!file) return answer(false);
        file.arrayBuffer().then((bytes) => {
          Module.FS.writeFile(`/asset-${id}`, new Uint8Array(bytes));
          answer(true);
        }).catch(() => answer(false));
      });
      input.addEventListener('cancel', () => answer(false));
      input.click();
    },

    setTextInputActive(active) {
      const focused = document.activeElement === textInput;
      if (active && !focused) {
        textInput.focus({ preventScroll: true });
      } else if (!active && focused) {
        textInput.blur();
        textInput.value = '';
        composing = false;
      }
    },

    textInputFocused() {
      return document.activeElement === textInput;
    },

    placeTextInput(x, y) {
      const rect = canvas.getBoundingClientRect();
      textInput.style.left = `${Math.round(rect.left + x)}px`;
      textInput.style.top = `${Math.round(rect.top + y)}px`;
    },

    copyText(text) {
      if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
    },
  };
  globalThis.xuejiBridge = bridge;

  // ---- Test hooks (read-only) -----------------------------------------------------------------
  function readJson(pointer) {
    return JSON.parse(Module.UTF8ToString(pointer));
  }
  window.xueji = {
    // Resolves once main() has run (font loaded, window created, IDBFS mount started).
    started,
    // Resolves once a service worker controls the shell cache (the app can start offline).
    offlineReady: 'serviceWorker' in navigator
      ? navigator.serviceWorker.ready.then(() => true)
      : Promise.resolve(false),
    // null until main() has run.
    state() {
      return running ? readJson(Module._xueji_state_json()) : null;
    },
    // Last frame's rect of a widget, in page CSS px, with its centre; null if not drawn.
    widgetRect(id) {
      if (!running) return null;
      const rect = withCString(id, (pointer) => readJson(Module._xueji_widget_rect_json(pointer)));
      if (!rect) return null;
      const canvasRect = canvas.getBoundingClientRect();
      const x = canvasRect.left + rect.x;
      const y = canvasRect.top + rect.y;
      return { x, y, width: rect.width, height: rect.height,
               centerX: x + rect.width / 2, centerY: y + rect.height / 2 };
    },
    widgets() {
      return running ? readJson(Module._xueji_widget_ids_json()) : [];
    },
    // Resolves after `count` rendered frames (ImGui reacts to input one frame later).
    frames(count = 2) {
      return new Promise((resolve) => {
        const step = (left) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(count);
      });
    },
  };

  // ---- Offline start --------------------------------------------------------------------------
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((err) => console.error('xueji: service worker', err));
  }
  // Ask the browser not to evict IndexedDB under storage pressure (it may say no, e.g. before the
  // site has engagement; the answer shows in the status bar).
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then((granted) => { storageInfo.persisted = granted; })
      .catch(() => {}).finally(refreshStorage);
  } else {
    refreshStorage();
  }
  setInterval(refreshStorage, 60000);
})();
