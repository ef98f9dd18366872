import { Controller, Get, Header } from '@nestjs/common';
import { docsPage } from './docs-page';
import { openApiDocument } from './openapi-document';

/** OpenAPI document and a readable page of it. Public. */
@Controller('docs')
export class OpenApiController {
  private readonly doc = openApiDocument();
  private readonly page = docsPage(this.doc);

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(): string { return this.page; }

  @Get('openapi.json')
  json() { return this.doc; }
}
