/**
 * ILR Sheets: the ILR menu of this spreadsheet.
 *
 * ILR > Refresh (also assignable to a drawing: right-click it, Assign script, `refresh`) asks the
 * `ilr serve` endpoint to refresh this spreadsheet, then shows how it went in the corner of the
 * sheet: "Refreshing…", "Refreshed at 10:42: <summary>", or the problem in plain words.
 * With no server set up, it ticks the Refresh Now box on the Settings tab instead, for
 * `ilr watch` to pick up.
 *
 * ILR > Set up... stores the server's address and password in this document's properties, so
 * everyone who can edit the sheet can press Refresh (and, through the script editor, read the
 * password: it only lets them ask for a refresh).
 */

var ILR = 'ILR';
var POLL_EVERY_MS = 5000;
var MAX_POLLS = 48; // four minutes; Apps Script stops any run after six
var SERVER_URL = 'ILR_SERVER_URL';
var SERVER_PASSWORD = 'ILR_SERVER_PASSWORD'; // the shared secret, or GOOGLE_SIGN_IN
var GOOGLE_SIGN_IN = 'google';
var REFRESH_NOW = 'refreshnow';

/** Adds the ILR menu when the spreadsheet opens. */
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu(ILR)
    .addItem('Refresh', 'refresh')
    .addSeparator()
    .addItem('Set up...', 'setUp')
    .addToUi();
}

/** ILR > Refresh: ask the server, then follow the refresh until it is done or failed. */
function refresh() {
  var book = SpreadsheetApp.getActive();
  var properties = PropertiesService.getDocumentProperties();
  var server = properties.getProperty(SERVER_URL);
  if (!server) {
    tickRefreshNow_(book);
    return;
  }
  var authorization = authorization_(properties.getProperty(SERVER_PASSWORD));
  if (authorization.error) {
    book.toast(authorization.error, ILR, 30);
    return;
  }
  book.toast('Refreshing…', ILR, -1);
  var job = call_(server, 'post', '/refresh', authorization.header, { spreadsheet: book.getId() });
  for (var poll = 0; !job.error && job.status === 'running' && poll < MAX_POLLS; poll++) {
    Utilities.sleep(POLL_EVERY_MS);
    job = call_(server, 'get', '/jobs/' + encodeURIComponent(job.job), authorization.header);
  }
  book.toast(statusLine_(book, job), ILR, 30);
}

/** The line the person sees once the refresh is over (or still going after four minutes). */
function statusLine_(book, job) {
  if (job.error && job.status !== 'failed') return job.error;
  if (job.status === 'done') {
    var at = Utilities.formatDate(new Date(job.finished), book.getSpreadsheetTimeZone(), 'HH:mm');
    return 'Refreshed at ' + at + ': ' + job.summary;
  }
  if (job.status === 'failed') return 'The refresh did not finish: ' + job.error;
  return 'Still refreshing after four minutes: the tabs will change when it is done.';
}

/** ILR > Set up...: the server's address and password, kept in the document's properties. */
function setUp() {
  var ui = SpreadsheetApp.getUi();
  var properties = PropertiesService.getDocumentProperties();
  var address = ui.prompt(
    'ILR set-up (1 of 2)',
    'The address of your ILR server (https://...). Leave it empty to use `ilr watch` and the ' +
      'Refresh Now box on the Settings tab instead.',
    ui.ButtonSet.OK_CANCEL
  );
  if (address.getSelectedButton() !== ui.Button.OK) return;
  var url = address.getResponseText().trim().replace(/\/+$/, '');
  if (!url) {
    properties.deleteProperty(SERVER_URL);
    properties.deleteProperty(SERVER_PASSWORD);
    ui.alert('ILR > Refresh will tick Refresh Now on the Settings tab: keep `ilr watch` running.');
    return;
  }
  if (!/^https:\/\/[^\s\/]+/.test(url)) {
    ui.alert('The address must start with https:// (the password travels with each request).');
    return;
  }
  var password = ui.prompt(
    'ILR set-up (2 of 2)',
    "The server's password (its ILR_SERVE_SECRET), or the word google to sign in with your " +
      'Google account instead.',
    ui.ButtonSet.OK_CANCEL
  );
  if (password.getSelectedButton() !== ui.Button.OK) return;
  var secret = password.getResponseText().trim();
  if (!secret) {
    ui.alert('Nothing was changed: the password is empty.');
    return;
  }
  if (secret.toLowerCase() === GOOGLE_SIGN_IN) secret = GOOGLE_SIGN_IN;
  properties.setProperty(SERVER_URL, url);
  properties.setProperty(SERVER_PASSWORD, secret);
  if (secret === GOOGLE_SIGN_IN) {
    ui.alert(googleSignInAdvice_());
    return;
  }
  ui.alert('Done: ILR > Refresh now asks ' + url + ' to refresh this spreadsheet.');
}

/** What the server needs to accept this script's Google sign-in. */
function googleSignInAdvice_() {
  var token = ScriptApp.getIdentityToken();
  if (!token) return noSignInScopes_();
  var claims = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  while (claims.length % 4) claims += '=';
  var audience = JSON.parse(Utilities.newBlob(Utilities.base64Decode(claims)).getDataAsString()).aud;
  return (
    'Done. On the server, set ILR_SERVE_AUDIENCE=' + audience +
    ' and list the emails or domains that may refresh in ILR_SERVE_ALLOW.'
  );
}

function noSignInScopes_() {
  return (
    'Google sign-in needs the openid and userinfo.email scopes in appsscript.json: add them, ' +
    'push the script again, then allow access when asked.'
  );
}

/** The Authorization header: the shared secret, or this person's Google identity token. */
function authorization_(password) {
  if (!password) return { error: 'ILR is not set up yet: run ILR > Set up... first.' };
  if (password !== GOOGLE_SIGN_IN) return { header: 'Bearer ' + password };
  var token = ScriptApp.getIdentityToken();
  if (!token) return { error: noSignInScopes_() };
  return { header: 'Bearer ' + token };
}

/** One request to the server: its JSON answer, or {error: one plain sentence}. */
function call_(server, method, path, authorization, payload) {
  var options = { method: method, headers: { Authorization: authorization }, muteHttpExceptions: true };
  if (payload) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(payload);
  }
  var response;
  try {
    response = UrlFetchApp.fetch(server + path, options);
  } catch (unreachable) {
    return {
      error: 'The ILR server at ' + server + ' could not be reached: check that it is running ' +
        'and its address (ILR > Set up...).',
    };
  }
  var answer;
  try {
    answer = JSON.parse(response.getContentText());
  } catch (notJson) {
    answer = {};
  }
  if (response.getResponseCode() >= 400 || typeof answer !== 'object' || answer === null) {
    return {
      error: (answer && answer.error) ||
        'The ILR server answered ' + response.getResponseCode() + ': check its address ' +
        '(ILR > Set up...).',
    };
  }
  return answer;
}

/** No server: tick the Settings tab's Refresh Now box for `ilr watch` to pick up. */
function tickRefreshNow_(book) {
  var box = refreshNowBox_(book);
  if (!box) {
    book.toast(
      'Set up the ILR server (ILR > Set up...), or add a Refresh Now row with a checkbox to the ' +
        'Settings tab and keep `ilr watch` running.',
      ILR,
      30
    );
    return;
  }
  box.setValue(true);
  book.toast(
    'Refresh requested: `ilr watch` refreshes within a minute, then unticks Refresh Now.',
    ILR,
    30
  );
}

/** The Value cell of the Refresh Now row on the Settings tab, or null. */
function refreshNowBox_(book) {
  var tabs = book.getSheets();
  for (var t = 0; t < tabs.length; t++) {
    if (folded_(tabs[t].getName()) !== 'settings') continue;
    var rows = tabs[t].getDataRange().getValues();
    var valueColumn = rows.length ? rows[0].map(folded_).indexOf('value') : -1;
    if (valueColumn < 0) valueColumn = 1;
    for (var r = 1; r < rows.length; r++) {
      if (folded_(rows[r][0]) === REFRESH_NOW) return tabs[t].getRange(r + 1, valueColumn + 1);
    }
  }
  return null;
}

/** A header or key as the tool matches it: `Refresh Now` -> `refreshnow`. */
function folded_(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}
