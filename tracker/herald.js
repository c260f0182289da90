/*
 * Herald's browser tracker, served by the api at /tracker.js?key=<site public key>.
 *   herald.page(), herald.productView(id), herald.categoryView(id), herald.cart(items),
 *   herald.track(type, properties), herald.identify(externalId, { email, ... }, { userHash }),
 *   herald.registerPush(token): the browser's web-push token (Firebase's getToken()), kept for
 *   the customer once identify() has verified who the visitor is
 * identify needs the user hash the site's server computes for the signed-in customer: the
 * HMAC-SHA256 (hex) of their external ID with the site's identity secret. Without it anyone
 * could claim to be any customer from the browser console.
 * A visitor is anonymous (a random ID kept in localStorage and a first-party cookie) until
 * identify(); Herald then joins their history to the customer. Links to the site's other
 * allowed domains carry the ID in "herald_vid", so one visitor stays one across domains.
 * Every call returns a promise of Herald's answer.
 */
(function () {
  'use strict';
  var config = /*CONFIG*/ { key: '', collectUrl: '', origins: [] }; /*END*/
  var PARAM = 'herald_vid';
  var VALID = /^[A-Za-z0-9-]{8,64}$/;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function stored() {
    try {
      var v = localStorage.getItem(PARAM);
      if (v && VALID.test(v)) return v;
    } catch (e) {
      /* storage blocked: fall back to the cookie */
    }
    var m = document.cookie.match(new RegExp('(?:^|; )' + PARAM + '=([^;]+)'));
    return m && VALID.test(m[1]) ? m[1] : null;
  }

  function remember(id) {
    try {
      localStorage.setItem(PARAM, id);
    } catch (e) {
      /* the cookie is enough */
    }
    document.cookie = PARAM + '=' + id + '; path=/; max-age=31536000; SameSite=Lax';
  }

  // A visitor arriving from another of the business's sites brings their ID in the URL.
  var here = new URL(location.href);
  var carried = here.searchParams.get(PARAM);
  var visitorId = (carried && VALID.test(carried) && carried) || stored() || uuid();
  remember(visitorId);
  if (carried) {
    here.searchParams.delete(PARAM);
    history.replaceState(history.state, '', here.toString());
  }

  function send(payload) {
    var body = {
      key: config.key,
      visitorId: visitorId,
      eventId: uuid(),
      occurredAt: new Date().toISOString(),
      url: location.href,
      referrer: document.referrer || undefined,
    };
    for (var k in payload) body[k] = payload[k];
    // text/plain keeps this a "simple" CORS request: no preflight round trip per event.
    return fetch(config.collectUrl, {
      method: 'POST',
      mode: 'cors',
      keepalive: true,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (answer) {
        if (!res.ok) throw new Error((answer.error && answer.error.message) || res.statusText);
        return answer;
      });
    });
  }

  function merge(base, extra) {
    for (var k in extra || {}) base[k] = extra[k];
    return base;
  }

  /** The URL with the visitor ID added when it points to another of the site's domains. */
  function linkTo(href) {
    try {
      var u = new URL(href, location.href);
      if (u.origin !== location.origin && config.origins.indexOf(u.origin) >= 0) {
        u.searchParams.set(PARAM, visitorId);
        return u.toString();
      }
    } catch (e) {
      /* not a URL: leave it */
    }
    return href;
  }

  document.addEventListener(
    'click',
    function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
      if (a) a.href = linkTo(a.href);
    },
    true,
  );

  function track(type, properties) {
    return send({ type: type, properties: properties || {} });
  }

  window.herald = {
    visitorId: visitorId,
    track: track,
    identify: function (externalId, customer, options) {
      return send({
        type: 'identify',
        externalId: String(externalId),
        customer: customer,
        userHash: options && options.userHash,
      });
    },
    registerPush: function (token) {
      return send({ type: 'push_token', pushToken: String(token) });
    },
    page: function (properties) {
      return track(
        'page_view',
        merge({ title: document.title, path: location.pathname }, properties),
      );
    },
    productView: function (productId, properties) {
      return track('product_view', merge({ productId: String(productId) }, properties));
    },
    categoryView: function (categoryId, properties) {
      return track('category_view', merge({ categoryId: String(categoryId) }, properties));
    },
    cart: function (items, properties) {
      return track('cart_updated', merge({ items: items || [] }, properties));
    },
    linkTo: linkTo,
  };
})();
