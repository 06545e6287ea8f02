import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_KEY, type AccessRule } from '@app/identity';
import type { TestApp } from './test-app';

export interface Route {
  method: string;
  path: string;
  rule: AccessRule | undefined;
  name: string;
}

/** Every HTTP route of the running api, read from the controllers' metadata: the route table. */
export function routeTable(t: TestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
      for (const key of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (sub === undefined || method === undefined) continue;
        const rule = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type)) as AccessRule | undefined;
        const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        routes.push({
          method: RequestMethod[method],
          path: path === '/metrics' ? path : `/api/v1${path}`,
          rule,
          name: `${type.name}.${key}`,
        });
      }
    }
  }
  return routes;
}
