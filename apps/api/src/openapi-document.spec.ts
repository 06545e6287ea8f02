import 'reflect-metadata';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';
import { apiDocument } from './openapi-document';

const Text = z.object({ sv: z.string(), en: z.string() }).meta({ id: 'SpecText' });
const Item = z.object({ title: Text, at: timestamp, note: z.string().nullable() }).meta({ id: 'SpecItem' });
const Bag = z.record(z.string(), z.unknown()).meta({ id: 'SpecBag' });
interface Node {
  key: string;
  children: Node[];
}
const Tree: z.ZodType<Node> = z
  .object({
    key: z.string(),
    get children() {
      return z.array(Tree);
    },
  })
  .meta({ id: 'SpecTree' });
const NewItem = z.strictObject({ title: Text });

class ItemResponse extends createZodDto(Item) {}
class BagResponse extends createZodDto(Bag) {}
class TreeResponse extends createZodDto(Tree) {}
class NewItemDto extends createZodDto(NewItem) {}

@Controller('spec')
class SpecController {
  @Get('items')
  @ZodResponse({ status: 200, type: [ItemResponse] })
  items() {
    return [];
  }

  @Post('items')
  @ZodResponse({ status: 201, type: ItemResponse })
  create(@Body() dto: NewItemDto) {
    return { title: dto.title, at: new Date(), note: null };
  }

  @Get('bag')
  @ZodResponse({ status: 200, type: BagResponse })
  bag() {
    return {};
  }

  @Get('tree')
  @ZodResponse({ status: 200, type: TreeResponse })
  tree(): Node {
    return { key: 'a', children: [] };
  }
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonOf = (doc: OpenAPIObject, path: string, method: 'get' | 'post', status: string): unknown =>
  (doc.paths[path]?.[method]?.responses[status] as { content?: Record<string, { schema: unknown }> }).content?.['application/json']?.schema;

describe('issue 16 #5: the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [SpecController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    doc = apiDocument(app);
  });
  afterAll(() => app.close());

  it("names each answer's schema by its zod id, also in arrays, records and recursive schemas (nestjs-zod#475, #375)", () => {
    expect(jsonOf(doc, '/spec/items', 'get', '200')).toEqual({ type: 'array', items: ref('SpecItem') });
    expect(jsonOf(doc, '/spec/items', 'post', '201')).toEqual(ref('SpecItem'));
    expect(jsonOf(doc, '/spec/bag', 'get', '200')).toEqual(ref('SpecBag'));
    expect(jsonOf(doc, '/spec/tree', 'get', '200')).toEqual(ref('SpecTree'));
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.SpecItem).toMatchObject({ type: 'object', properties: { title: ref('SpecText_Output'), at: { format: 'date-time' } } });
    expect(schemas.SpecTree).toMatchObject({ properties: { children: { items: ref('SpecTree') } } });
    expect(schemas.SpecBag).toMatchObject({ type: 'object' });
  });

  it('keeps `_Output` only where a request schema has the plain name', () => {
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names).toEqual(expect.arrayContaining(['SpecText', 'SpecText_Output', 'SpecItem', 'SpecBag', 'SpecTree']));
    expect(names.filter((n) => n.endsWith('Response_Output') || n === 'SpecItem_Output')).toEqual([]);
  });

  it('leaves no reference to a schema it does not hold', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    const names = new Set(Object.keys(doc.components?.schemas ?? {}));
    expect(refs.map((r) => r.slice(8, -1)).filter((r) => !names.has(r.replace('#/components/schemas/', '')))).toEqual([]);
  });

  it('holds its keys in order, so the written document changes only when the api does', () => {
    const keys = Object.keys(doc.paths);
    expect(keys).toEqual([...keys].sort());
  });
});
